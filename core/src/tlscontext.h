#pragma once

#include <redislock/connectionoptions.h>
#include <redislock/error.h>

#include <expected>
#include <memory>

using SSL_CTX = struct ssl_ctx_st;

namespace redislock::detail {

// The OpenSSL client context of one Client: trusted CAs, client certificate, verification
// mode. Loaded once and shared by every TLS connection of the pool.
class TlsContext
{
public:
    [[nodiscard]] static std::expected<std::shared_ptr<TlsContext>, Error>
    create(const TlsOptions &options);

    [[nodiscard]] SSL_CTX *get() const noexcept { return context_.get(); }

private:
    struct Free
    {
        void operator()(SSL_CTX *context) const noexcept;
    };
    explicit TlsContext(SSL_CTX *context) : context_(context) {}

    std::unique_ptr<SSL_CTX, Free> context_;
};

// The context kept in `slot`, created from options.tls the first time a TLS connection asks
// for it (a bad CA file is reported then, and asked again next time); nullptr when the
// transport is not TLS. The caller holds the lock that guards `slot`.
[[nodiscard]] std::expected<const TlsContext *, Error>
sharedTlsContext(const ConnectionOptions &options, std::shared_ptr<TlsContext> &slot);

// The reason of the first error in OpenSSL's error queue, which is emptied; `fallback` when
// there is none.
[[nodiscard]] std::string takeOpenSslErrors(std::string_view fallback);

} // namespace redislock::detail
