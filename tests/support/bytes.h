#pragma once

#include <QByteArray>

#include <string_view>

namespace lockscope::test {

// The exact bytes of a std::string(_view), NULs included, for RawRedis and QCOMPARE.
[[nodiscard]] inline QByteArray bytes(std::string_view text)
{
    return {text.data(), static_cast<qsizetype>(text.size())};
}

} // namespace lockscope::test
