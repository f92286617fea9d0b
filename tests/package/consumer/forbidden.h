#pragma once

// Included after redislock headers: fails the build when they brought in what their users must
// not need.
#if defined(QT_VERSION) || defined(QT_CORE_LIB)
#error "the redislock headers or target brought in Qt"
#endif
#if defined(HIREDIS_MAJOR) || defined(__HIREDIS_H)
#error "the redislock headers brought in hiredis"
#endif
#if defined(OPENSSL_VERSION_NUMBER) || defined(OPENSSL_SSL_H) || defined(HEADER_SSL_H)
#error "the redislock headers brought in OpenSSL"
#endif
