#include "tlsstream.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

namespace redislock::detail {
namespace {

bool isIpAddress(const std::string &host)
{
    unsigned char buffer[sizeof(in6_addr)];
    return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
           ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

} // namespace

TlsStream::TlsStream(Socket socket) : socket_(std::move(socket))
{}

TlsStream::~TlsStream()
{
    SSL_free(ssl_);
}

std::expected<std::unique_ptr<TlsStream>, Error>
TlsStream::handshake(Socket socket, const TlsContext &context, const std::string &host,
                     const TlsOptions &options, const IoDeadline &deadline)
{
    ERR_clear_error();
    std::unique_ptr<TlsStream> stream(new TlsStream(std::move(socket)));
    stream->ssl_ = SSL_new(context.get());
    stream->input_ = BIO_new(BIO_s_mem());
    stream->output_ = BIO_new(BIO_s_mem());
    if (!stream->ssl_ || !stream->input_ || !stream->output_) {
        BIO_free(stream->input_);
        BIO_free(stream->output_);
        return std::unexpected(Error(Errc::tlsError, takeOpenSslErrors("out of memory")));
    }
    SSL_set_bio(stream->ssl_, stream->input_, stream->output_);
    SSL_set_connect_state(stream->ssl_);

    const std::string &name = options.serverName.empty() ? host : options.serverName;
    const bool ipAddress = isIpAddress(name);
    if (!ipAddress)
        SSL_set_tlsext_host_name(stream->ssl_, name.c_str());
    if (!options.insecure) {
        X509_VERIFY_PARAM *parameters = SSL_get0_param(stream->ssl_);
        if (ipAddress)
            X509_VERIFY_PARAM_set1_ip_asc(parameters, name.c_str());
        else
            SSL_set1_host(stream->ssl_, name.c_str());
    }

    for (;;) {
        const int result = SSL_do_handshake(stream->ssl_);
        if (auto flushed = stream->flush(deadline); !flushed)
            return std::unexpected(flushed.error());
        if (result == 1)
            return stream;
        if (SSL_get_error(stream->ssl_, result) != SSL_ERROR_WANT_READ)
            return std::unexpected(stream->failure("TLS handshake with", result));
        if (auto filled = stream->fill(deadline); !filled) {
            if (filled.error() == Errc::connectionClosed)
                return std::unexpected(
                    Error(Errc::tlsError, "TLS handshake with " + stream->peer() +
                                              " failed: the server closed the connection (is "
                                              "this a TLS port? does it want a client "
                                              "certificate?)"));
            // A plain Redis port reads our ClientHello as the start of an inline command and
            // waits for its end: that it never answers is the usual sign of a non-TLS port.
            if (filled.error() == Errc::timeout)
                return std::unexpected(
                    Error(Errc::tlsError, "TLS handshake with " + stream->peer() +
                                              " got no answer in time: is this a TLS port? (a "
                                              "plain port needs redis://)"));
            return std::unexpected(filled.error());
        }
    }
}

Error TlsStream::failure(std::string_view doing, int result)
{
    const int error = SSL_get_error(ssl_, result);
    std::string detail;
    if (const long verify = SSL_get_verify_result(ssl_); verify != X509_V_OK) {
        detail = "certificate verification failed: ";
        detail += X509_verify_cert_error_string(verify);
        detail += " (give the server's CA with ?ca=FILE, or ?insecure=true to skip verification)";
    } else {
        detail = takeOpenSslErrors(error == SSL_ERROR_ZERO_RETURN ? "the server closed the session"
                                                                  : "unknown TLS failure");
        const auto mentions = [&detail](std::string_view text) {
            return detail.find(text) != std::string::npos;
        };
        if (mentions("wrong version number") || mentions("packet length too long"))
            detail += " (is this a TLS port?)";
        else if (mentions("alert certificate required"))
            detail += " (the server wants a client certificate: ?cert=FILE&key=FILE)";
        else if (mentions("alert unknown ca") || mentions("alert bad certificate") ||
                 mentions("alert certificate unknown"))
            detail += " (the server does not accept our client certificate)";
    }
    return {Errc::tlsError, std::string(doing) + " " + peer() + " failed: " + detail};
}

Error TlsStream::closedByPeer(Error socketError)
{
    // A TLS server that turns us away sends an alert before it closes: in TLS 1.3 one that
    // wants a client certificate says so only after our side of the handshake is done, so the
    // first write after it meets a reset. Let OpenSSL read what already arrived, and report
    // its alert rather than the bare reset or end of stream.
    char buffer[16 * 1024];
    const IoDeadline now{Context::Clock::now(), {}};
    while (socket_.readable()) {
        auto received = socket_.receiveSome(buffer, sizeof buffer, now);
        if (!received)
            break;
        BIO_write(input_, buffer, static_cast<int>(*received));
    }
    ERR_clear_error();
    char probe = 0;
    const int result = SSL_peek(ssl_, &probe, 1);
    if (result <= 0 && SSL_get_error(ssl_, result) == SSL_ERROR_SSL)
        return failure("TLS session with", result);
    ERR_clear_error();
    return socketError;
}

std::expected<void, Error> TlsStream::flush(const IoDeadline &deadline)
{
    char buffer[16 * 1024];
    while (BIO_ctrl_pending(output_) > 0) {
        const int length = BIO_read(output_, buffer, sizeof buffer);
        if (length <= 0)
            break;
        std::string_view pending(buffer, static_cast<std::size_t>(length));
        while (!pending.empty()) {
            auto sent = socket_.sendSome(pending, deadline);
            if (!sent) {
                if (sent.error() == Errc::connectionClosed)
                    return std::unexpected(closedByPeer(sent.error()));
                return std::unexpected(sent.error());
            }
            pending.remove_prefix(*sent);
        }
    }
    return {};
}

std::expected<void, Error> TlsStream::fill(const IoDeadline &deadline)
{
    char buffer[16 * 1024];
    auto received = socket_.receiveSome(buffer, sizeof buffer, deadline);
    if (!received) {
        if (received.error() == Errc::connectionClosed)
            return std::unexpected(closedByPeer(received.error()));
        return std::unexpected(received.error());
    }
    BIO_write(input_, buffer, static_cast<int>(*received));
    return {};
}

std::expected<void, Error> TlsStream::writeAll(std::string_view data, const IoDeadline &deadline)
{
    ERR_clear_error();
    while (!data.empty()) {
        const int length = static_cast<int>(std::min<std::size_t>(data.size(), 1 << 30));
        const int result = SSL_write(ssl_, data.data(), length);
        if (auto flushed = flush(deadline); !flushed)
            return std::unexpected(flushed.error());
        if (result > 0) {
            data.remove_prefix(static_cast<std::size_t>(result));
            continue;
        }
        if (SSL_get_error(ssl_, result) != SSL_ERROR_WANT_READ)
            return std::unexpected(failure("writing to", result));
        if (auto filled = fill(deadline); !filled)
            return std::unexpected(filled.error());
    }
    return {};
}

std::expected<std::size_t, Error> TlsStream::readSome(char *buffer, std::size_t size,
                                                      const IoDeadline &deadline)
{
    ERR_clear_error();
    for (;;) {
        const int result =
            SSL_read(ssl_, buffer, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
        if (auto flushed = flush(deadline); !flushed)
            return std::unexpected(flushed.error());
        if (result > 0)
            return static_cast<std::size_t>(result);
        const int error = SSL_get_error(ssl_, result);
        if (error == SSL_ERROR_ZERO_RETURN)
            return std::unexpected(Error(Errc::connectionClosed,
                                         "the server at " + peer() + " closed the TLS session"));
        if (error != SSL_ERROR_WANT_READ)
            return std::unexpected(failure("reading from", result));
        if (auto filled = fill(deadline); !filled)
            return std::unexpected(filled.error());
    }
}

bool TlsStream::hasUnexpectedInput()
{
    if (SSL_pending(ssl_) > 0)
        return true;
    if (!socket_.readable())
        return false;
    // TLS 1.3 servers send session tickets after the handshake; those are not replies. Let
    // OpenSSL consume what arrived and see whether any application data is left.
    char buffer[16 * 1024];
    const IoDeadline now{Context::Clock::now() + std::chrono::milliseconds(1), {}};
    while (socket_.readable()) {
        auto received = socket_.receiveSome(buffer, sizeof buffer, now);
        if (!received)
            return true;
        BIO_write(input_, buffer, static_cast<int>(*received));
    }
    ERR_clear_error();
    char probe = 0;
    const int result = SSL_peek(ssl_, &probe, 1);
    if (result > 0)
        return true;
    return SSL_get_error(ssl_, result) != SSL_ERROR_WANT_READ;
}

} // namespace redislock::detail
