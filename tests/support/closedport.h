#pragma once

#include <QtGlobal>

namespace lockscope::test {

// A loopback port that nothing listens on: bound to find it free, then closed again. 0 when
// no port could be bound. (Another process could take it in between; tests only use it to
// expect "connection refused".)
[[nodiscard]] quint16 closedLoopbackPort();

} // namespace lockscope::test
