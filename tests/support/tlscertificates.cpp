#include "tlscertificates.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace lockscope::test {

namespace {

// Our own configuration, so that neither the system's openssl.cnf nor OPENSSL_CONF can add or
// duplicate extensions. Leaf certificates carry a SAN, as every current TLS client requires.
constexpr auto configuration = R"([req]
distinguished_name = dn
prompt = no

[dn]
CN = Lockscope test

[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer

[wronghost]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong.example
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer

[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
)";

constexpr int timeoutMs = 30000;

} // namespace

TlsCertificates::TlsCertificates()
    : dir_(QDir::tempPath() + QStringLiteral("/lockscope-tls-XXXXXX"))
{
    valid_ = generate();
}

QString TlsCertificates::urlQuery(bool withClientCertificate) const
{
    QString query = QStringLiteral("ca=") + caCertificate();
    if (withClientCertificate)
        query += QStringLiteral("&cert=%1&key=%2").arg(clientCertificate(), clientKey());
    return query;
}

bool TlsCertificates::generate()
{
    if (!dir_.isValid()) {
        error_ = QStringLiteral("cannot create a temporary directory: %1").arg(dir_.errorString());
        return false;
    }
    openssl_ = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl_.isEmpty()) {
        error_ = QStringLiteral("the openssl command-line tool is not installed (PATH)");
        return false;
    }
    QFile config(file(QStringLiteral("openssl.cnf")));
    if (!config.open(QIODevice::WriteOnly) || config.write(configuration) < 0) {
        error_ = QStringLiteral("cannot write %1: %2").arg(config.fileName(), config.errorString());
        return false;
    }
    config.close();

    const QString server = QStringLiteral("server");
    const QString client = QStringLiteral("client");
    return makeCa(QStringLiteral("ca"), QStringLiteral("Lockscope Test CA")) &&
           makeLeaf(server, QStringLiteral("localhost"), QStringLiteral("ca"), server, 2) &&
           makeLeaf(client, QStringLiteral("lockscope-test-client"), QStringLiteral("ca"), client,
                    3) &&
           makeLeaf(QStringLiteral("wronghost"), QStringLiteral("wrong.example"),
                    QStringLiteral("ca"), QStringLiteral("wronghost"), 4) &&
           makeCa(QStringLiteral("untrusted-ca"), QStringLiteral("Lockscope Untrusted CA")) &&
           makeLeaf(QStringLiteral("untrusted-client"), QStringLiteral("lockscope-untrusted"),
                    QStringLiteral("untrusted-ca"), client, 5);
}

bool TlsCertificates::makeCa(const QString &name, const QString &commonName)
{
    return run({QStringLiteral("req"),
                QStringLiteral("-x509"),
                QStringLiteral("-new"),
                QStringLiteral("-newkey"),
                QStringLiteral("ec"),
                QStringLiteral("-pkeyopt"),
                QStringLiteral("ec_paramgen_curve:prime256v1"),
                QStringLiteral("-nodes"),
                QStringLiteral("-keyout"),
                file(name + QStringLiteral(".key")),
                QStringLiteral("-out"),
                file(name + QStringLiteral(".crt")),
                QStringLiteral("-days"),
                QStringLiteral("2"),
                QStringLiteral("-subj"),
                QStringLiteral("/CN=") + commonName,
                QStringLiteral("-config"),
                file(QStringLiteral("openssl.cnf")),
                QStringLiteral("-extensions"),
                QStringLiteral("v3_ca")});
}

bool TlsCertificates::makeLeaf(const QString &name, const QString &commonName,
                               const QString &caName, const QString &extensions, int serial)
{
    const QString request = file(name + QStringLiteral(".csr"));
    return run({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"),
                QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                QStringLiteral("-keyout"), file(name + QStringLiteral(".key")),
                QStringLiteral("-out"), request, QStringLiteral("-subj"),
                QStringLiteral("/CN=") + commonName, QStringLiteral("-config"),
                file(QStringLiteral("openssl.cnf"))}) &&
           run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), request,
                QStringLiteral("-CA"), file(caName + QStringLiteral(".crt")),
                QStringLiteral("-CAkey"), file(caName + QStringLiteral(".key")),
                QStringLiteral("-set_serial"), QString::number(serial), QStringLiteral("-days"),
                QStringLiteral("2"), QStringLiteral("-sha256"), QStringLiteral("-out"),
                file(name + QStringLiteral(".crt")), QStringLiteral("-extfile"),
                file(QStringLiteral("openssl.cnf")), QStringLiteral("-extensions"), extensions});
}

bool TlsCertificates::run(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("OPENSSL_CONF"), file(QStringLiteral("openssl.cnf")));
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(dir_.path());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(openssl_, arguments);
    const bool finished = process.waitForFinished(timeoutMs);
    if (finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return true;

    if (!finished)
        process.kill();
    const QString output = QString::fromLocal8Bit(process.readAll()).trimmed();
    error_ = QStringLiteral("generating test certificates failed: %1 %2: %3%4")
                 .arg(openssl_, arguments.join(QLatin1Char(' ')),
                      finished ? QStringLiteral("exit code %1").arg(process.exitCode())
                               : process.errorString(),
                      output.isEmpty() ? QString() : QStringLiteral("\n") + output);
    return false;
}

} // namespace lockscope::test
