#pragma once

#include <QByteArray>

#include <chrono>
#include <functional>

namespace lockscope::test {

// Polls `done` every 50 ms until it holds or the timeout passes. No event loop: the fixtures
// have no QObjects of their own, and a test's pending events should not run inside its setup.
bool waitFor(const std::function<bool()> &done, std::chrono::milliseconds timeout);

// The value of one "field:value" line of INFO, CLUSTER INFO or the like; empty when missing.
QByteArray infoField(const QByteArray &info, const QByteArray &field);

} // namespace lockscope::test
