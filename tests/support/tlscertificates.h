#pragma once

#include <QString>
#include <QTemporaryDir>

namespace lockscope::test {

// Certificates made at test time with the openssl command-line tool, in a temporary directory
// that lives as long as this object:
//   - a CA, and a server certificate it signed for IP:127.0.0.1 and DNS:localhost;
//   - a client certificate signed by the same CA (for tls-auth-clients yes);
//   - a server certificate from the same CA for another name only (hostname verification);
//   - a second, unrelated CA and a client certificate it signed (the "untrusted" cases).
// Keys are EC P-256, PEM, unencrypted; everything is valid from now for two days.
class TlsCertificates
{
public:
    // Generates everything; check isValid(), and errorString() when it is not.
    TlsCertificates();
    TlsCertificates(const TlsCertificates &) = delete;
    TlsCertificates &operator=(const TlsCertificates &) = delete;

    [[nodiscard]] bool isValid() const { return valid_; }
    // The failing openssl command and its output.
    [[nodiscard]] QString errorString() const { return error_; }
    [[nodiscard]] QString directory() const { return dir_.path(); }

    [[nodiscard]] QString caCertificate() const { return file(QStringLiteral("ca.crt")); }
    [[nodiscard]] QString caKey() const { return file(QStringLiteral("ca.key")); }
    [[nodiscard]] QString serverCertificate() const { return file(QStringLiteral("server.crt")); }
    [[nodiscard]] QString serverKey() const { return file(QStringLiteral("server.key")); }
    [[nodiscard]] QString clientCertificate() const { return file(QStringLiteral("client.crt")); }
    [[nodiscard]] QString clientKey() const { return file(QStringLiteral("client.key")); }
    // Signed by the trusted CA, but for DNS:wrong.example only.
    [[nodiscard]] QString wrongHostCertificate() const
    {
        return file(QStringLiteral("wronghost.crt"));
    }
    [[nodiscard]] QString wrongHostKey() const { return file(QStringLiteral("wronghost.key")); }
    [[nodiscard]] QString untrustedCaCertificate() const
    {
        return file(QStringLiteral("untrusted-ca.crt"));
    }
    // Signed by the untrusted CA.
    [[nodiscard]] QString untrustedClientCertificate() const
    {
        return file(QStringLiteral("untrusted-client.crt"));
    }
    [[nodiscard]] QString untrustedClientKey() const
    {
        return file(QStringLiteral("untrusted-client.key"));
    }

    // The query of a rediss:// URL that trusts the CA ("ca=…"), with the client certificate
    // and key ("&cert=…&key=…") when asked for.
    [[nodiscard]] QString urlQuery(bool withClientCertificate = true) const;

private:
    [[nodiscard]] QString file(const QString &name) const { return dir_.filePath(name); }
    bool generate();
    bool run(const QStringList &arguments);
    bool makeCa(const QString &name, const QString &commonName);
    bool makeLeaf(const QString &name, const QString &commonName, const QString &caName,
                  const QString &extensions, int serial);

    QTemporaryDir dir_;
    QString openssl_;
    QString error_;
    bool valid_ = false;
};

} // namespace lockscope::test
