#pragma once

#include "socket.h"
#include "stream.h"
#include "tlscontext.h"

#include <memory>

using SSL = struct ssl_st;
using BIO = struct bio_st;

namespace redislock::detail {

// TLS over a Socket. OpenSSL works on two memory BIOs and we move the bytes to and from the
// socket ourselves, so that waits share the socket's deadlines and no write raises SIGPIPE.
class TlsStream final : public Stream
{
public:
    ~TlsStream() override;

    // Performs the handshake and verifies the server (unless options.insecure).
    [[nodiscard]] static std::expected<std::unique_ptr<TlsStream>, Error>
    handshake(Socket socket, const TlsContext &context, const std::string &host,
              const TlsOptions &options, const IoDeadline &deadline);

    std::expected<void, Error> writeAll(std::string_view data, const IoDeadline &deadline) override;
    std::expected<std::size_t, Error> readSome(char *buffer, std::size_t size,
                                               const IoDeadline &deadline) override;
    bool hasUnexpectedInput() override;
    const std::string &peer() const override { return socket_.peer(); }

private:
    explicit TlsStream(Socket socket);
    [[nodiscard]] std::expected<void, Error> flush(const IoDeadline &deadline);
    [[nodiscard]] std::expected<void, Error> fill(const IoDeadline &deadline);
    [[nodiscard]] Error failure(std::string_view doing, int result);
    // The peer reset or closed the connection: its TLS alert when it sent one, else `error`.
    [[nodiscard]] Error closedByPeer(Error socketError);

    Socket socket_;
    SSL *ssl_ = nullptr;
    BIO *input_ = nullptr;  // owned by ssl_
    BIO *output_ = nullptr; // owned by ssl_
};

} // namespace redislock::detail
