#pragma once

#include <QString>

#include <atomic>

// The one door every write of this app goes through: the action worker asks it before it sends
// a command, the contention harness before its clients start. The session owns it and hands it
// out (as a shared_ptr to const) to whatever writes; the UI only mirrors it. Asked from any
// thread.
class WriteGate
{
public:
    // --read-only for the whole run, or a read-only connection: nothing may be written.
    void setReadOnly(bool readOnly) noexcept { readOnly_.store(readOnly); }
    [[nodiscard]] bool isOpen() const noexcept { return !readOnly_.load(); }

    // The English refusal (for the audit log) and its translation (for the operator).
    [[nodiscard]] static const char *refusalSource();
    [[nodiscard]] static QString refusal();

private:
    std::atomic<bool> readOnly_{false};
};
