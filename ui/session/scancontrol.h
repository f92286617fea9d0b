#pragma once

#include <mutex>
#include <stop_token>

// The stop source of the scan that runs now, shared by the GUI thread (which cancels it) and
// the worker (which starts scans of its own too): a new scan gets a new source, and a cancel
// reaches whichever scan is current.
class ScanControl
{
public:
    // Starts a new scan generation; the previous one's token is left as it was.
    [[nodiscard]] std::stop_token begin()
    {
        const std::lock_guard guard(mutex_);
        source_ = std::stop_source();
        return source_.get_token();
    }
    void cancel()
    {
        const std::lock_guard guard(mutex_);
        source_.request_stop();
    }

private:
    std::mutex mutex_;
    std::stop_source source_;
};
