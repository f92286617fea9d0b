#include "errortext.h"

#include <QCoreApplication>

namespace {

// The translation context of the summaries.
class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
};

} // namespace

QString errorSummary(const redislock::Error &error)
{
    using redislock::Errc;
    if (error.code().category() != redislock::errorCategory())
        return {};
    switch (static_cast<Errc>(error.code().value())) {
    case Errc::notObtained:
        return ErrorText::tr("Not obtained: another holder has the lock");
    case Errc::lockNotHeld:
        return ErrorText::tr("Not held: the lock expired or belongs to someone else now");
    case Errc::deadlineExceeded:
        return ErrorText::tr("Not obtained before the deadline");
    case Errc::cancelled:
        return ErrorText::tr("Cancelled");
    case Errc::invalidArgument:
        return ErrorText::tr("Invalid input; nothing was sent to the server");
    case Errc::invalidUrl:
        return ErrorText::tr("The connection URL or address cannot be read");
    case Errc::connectionFailed:
        return ErrorText::tr("Cannot connect: refused, unreachable or unknown host");
    case Errc::timeout:
        return ErrorText::tr("The server did not answer in time");
    case Errc::connectionClosed:
        return ErrorText::tr("The connection was closed or broke");
    case Errc::protocolError:
        return ErrorText::tr("The peer does not speak the Redis protocol");
    case Errc::tlsError:
        return ErrorText::tr("TLS failed: setup, handshake or certificate");
    case Errc::authenticationFailed:
        return ErrorText::tr("Authentication failed: wrong or missing password or user");
    case Errc::serverError:
        return ErrorText::tr("The server answered with an error");
    }
    return {};
}

QString errorText(const redislock::Error &error)
{
    const QString detail = QString::fromStdString(error.message());
    const QString summary = errorSummary(error);
    if (summary.isEmpty())
        return detail;
    return detail.isEmpty() ? summary : summary + QLatin1Char('\n') + detail;
}
