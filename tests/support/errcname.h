#pragma once

#include <redislock/error.h>

#include <string_view>

// The name of an Errc as the code spells it ("connectionClosed"), for test output and the chaos
// checker's tallies of errors by kind.
[[nodiscard]] inline std::string_view errcName(redislock::Errc code) noexcept
{
    using redislock::Errc;
    switch (code) {
    case Errc::notObtained:
        return "notObtained";
    case Errc::lockNotHeld:
        return "lockNotHeld";
    case Errc::deadlineExceeded:
        return "deadlineExceeded";
    case Errc::cancelled:
        return "cancelled";
    case Errc::invalidArgument:
        return "invalidArgument";
    case Errc::invalidUrl:
        return "invalidUrl";
    case Errc::connectionFailed:
        return "connectionFailed";
    case Errc::timeout:
        return "timeout";
    case Errc::connectionClosed:
        return "connectionClosed";
    case Errc::protocolError:
        return "protocolError";
    case Errc::tlsError:
        return "tlsError";
    case Errc::authenticationFailed:
        return "authenticationFailed";
    case Errc::serverError:
        return "serverError";
    }
    return "unknown";
}
