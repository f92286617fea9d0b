#include <redislock/error.h>

#include <string>

namespace redislock {
namespace {

class ErrorCategory final : public std::error_category
{
public:
    const char *name() const noexcept override { return "redislock"; }
    std::string message(int value) const override
    {
        switch (static_cast<Errc>(value)) {
        case Errc::notObtained:
            return "lock not obtained: another holder owns it";
        case Errc::lockNotHeld:
            return "lock not held: it expired or belongs to someone else now";
        case Errc::deadlineExceeded:
            return "lock not obtained before the deadline";
        case Errc::cancelled:
            return "lock not obtained: cancelled";
        case Errc::invalidArgument:
            return "invalid argument";
        case Errc::invalidUrl:
            return "invalid connection URL";
        case Errc::connectionFailed:
            return "could not connect to the Redis server";
        case Errc::timeout:
            return "timed out talking to the Redis server";
        case Errc::connectionClosed:
            return "the connection to the Redis server was closed";
        case Errc::protocolError:
            return "the peer did not answer as a Redis server";
        case Errc::tlsError:
            return "TLS error";
        case Errc::authenticationFailed:
            return "authentication failed";
        case Errc::serverError:
            return "the Redis server answered with an error";
        }
        return "unknown redislock error";
    }
};

class OutcomeCategory final : public std::error_category
{
public:
    const char *name() const noexcept override { return "redislock outcome"; }
    std::string message(int value) const override
    {
        return static_cast<Outcome>(value) == Outcome::notObtained ? "redislock: not obtained"
                                                                   : "redislock: lock not held";
    }
    // deadlineExceeded and cancelled are ways of not obtaining a lock.
    bool equivalent(const std::error_code &code, int condition) const noexcept override
    {
        if (code.category() != errorCategory())
            return false;
        const auto errc = static_cast<Errc>(code.value());
        switch (static_cast<Outcome>(condition)) {
        case Outcome::notObtained:
            return errc == Errc::notObtained || errc == Errc::deadlineExceeded ||
                   errc == Errc::cancelled;
        case Outcome::lockNotHeld:
            return errc == Errc::lockNotHeld;
        }
        return false;
    }
};

} // namespace

const std::error_category &errorCategory() noexcept
{
    static const ErrorCategory category;
    return category;
}

const std::error_category &outcomeCategory() noexcept
{
    static const OutcomeCategory category;
    return category;
}

std::error_code make_error_code(Errc code) noexcept
{
    return {static_cast<int>(code), errorCategory()};
}

std::error_condition make_error_condition(Outcome outcome) noexcept
{
    return {static_cast<int>(outcome), outcomeCategory()};
}

Error::Error(Errc code, std::string detail) : code_(code), detail_(std::move(detail))
{}

Error::Error(std::error_code code, std::string detail) : code_(code), detail_(std::move(detail))
{}

Error::Error(Errc code, std::string detail, ServerError server)
    : code_(code), detail_(std::move(detail)), server_(server)
{}

Error::Error(std::error_code code, std::string detail, Error cause)
    : code_(code), detail_(std::move(detail)),
      cause_(std::make_shared<const Error>(std::move(cause)))
{}

std::string Error::message() const
{
    std::string text = detail_.empty() ? code_.message() : detail_;
    if (cause_)
        text += ": " + cause_->message();
    return text;
}

bool Error::isTransient() const noexcept
{
    if (code_.category() != errorCategory())
        return false;
    switch (static_cast<Errc>(code_.value())) {
    case Errc::connectionFailed:
    case Errc::timeout:
    case Errc::connectionClosed:
        return true;
    case Errc::serverError:
        switch (server_) {
        case ServerError::loading:
        case ServerError::busy:
        case ServerError::readOnly:
        case ServerError::masterDown:
        case ServerError::outOfMemory:
        case ServerError::maxClients:
        case ServerError::tryAgain:
        case ServerError::clusterDown:
            return true;
        default:
            return false;
        }
    default:
        return false;
    }
}

} // namespace redislock
