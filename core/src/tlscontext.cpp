#include "tlscontext.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstring>

namespace redislock::detail {

void TlsContext::Free::operator()(SSL_CTX *context) const noexcept
{
    SSL_CTX_free(context);
}

namespace {

std::string reasonOf(unsigned long code)
{
#ifdef ERR_SYSTEM_ERROR // OpenSSL 3: errno as the reason, without a text of its own
    if (ERR_SYSTEM_ERROR(code))
        return std::strerror(ERR_GET_REASON(code));
#endif
    if (const char *reason = ERR_reason_error_string(code))
        return reason;
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return buffer;
}

} // namespace

std::expected<const TlsContext *, Error> sharedTlsContext(const ConnectionOptions &options,
                                                          std::shared_ptr<TlsContext> &slot)
{
    if (options.transport != ConnectionOptions::Transport::tls)
        return nullptr;
    if (!slot) {
        auto created = TlsContext::create(options.tls);
        if (!created)
            return std::unexpected(created.error());
        slot = std::move(*created);
    }
    return slot.get();
}

std::string takeOpenSslErrors(std::string_view fallback)
{
    // The first error is the root cause ("No such file or directory"); the ones after it
    // only say which layers it went through, and "error:0A00045C:SSL routines::" is noise in
    // a one-line message.
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    return code != 0 ? reasonOf(code) : std::string(fallback);
}

std::expected<std::shared_ptr<TlsContext>, Error> TlsContext::create(const TlsOptions &options)
{
    ERR_clear_error();
    SSL_CTX *raw = SSL_CTX_new(TLS_client_method());
    if (!raw)
        return std::unexpected(
            Error(Errc::tlsError, "cannot create a TLS context: " + takeOpenSslErrors("unknown")));
    std::shared_ptr<TlsContext> context(new TlsContext(raw));
    SSL_CTX_set_min_proto_version(raw, TLS1_2_VERSION);
    SSL_CTX_set_verify(raw, options.insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nullptr);

    if (!options.caFile.empty()) {
        if (SSL_CTX_load_verify_locations(raw, options.caFile.c_str(), nullptr) != 1)
            return std::unexpected(
                Error(Errc::tlsError, "cannot load the CA file \"" + options.caFile +
                                          "\": " + takeOpenSslErrors("unreadable")));
    } else if (SSL_CTX_set_default_verify_paths(raw) != 1) {
        return std::unexpected(Error(Errc::tlsError, "cannot load the system's CA certificates: " +
                                                         takeOpenSslErrors("unknown")));
    }
    if (!options.certFile.empty()) {
        if (SSL_CTX_use_certificate_chain_file(raw, options.certFile.c_str()) != 1)
            return std::unexpected(
                Error(Errc::tlsError, "cannot load the client certificate \"" + options.certFile +
                                          "\": " + takeOpenSslErrors("unreadable")));
        if (SSL_CTX_use_PrivateKey_file(raw, options.keyFile.c_str(), SSL_FILETYPE_PEM) != 1)
            return std::unexpected(
                Error(Errc::tlsError, "cannot load the client key \"" + options.keyFile +
                                          "\": " + takeOpenSslErrors("unreadable")));
        if (SSL_CTX_check_private_key(raw) != 1)
            return std::unexpected(Error(Errc::tlsError, "the client key \"" + options.keyFile +
                                                             "\" does not match the certificate"));
    }
    return context;
}

} // namespace redislock::detail
