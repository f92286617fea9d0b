#pragma once

#include <redislock/connectionoptions.h>

#include <QString>

#include <expected>

// Text-level helpers for the connection URLs the dialog edits. They work on the string the
// operator typed, not on a parsed URL, so that they also apply while the URL is still invalid
// and never reorder or re-encode the parts they leave alone. Whether a URL is valid is always
// decided by the core parser (redislock::ConnectionOptions::fromUrl), never here.
namespace connectionurl {

// A URL with its password taken out.
struct PasswordSplit
{
    QString url;      // the URL without "user:password@"'s password and without password=
    QString password; // percent-decoded; empty when there was none
    bool found = false;
};

// Takes the password out of the userinfo ("redis://user:pw@host" → "redis://user@host",
// "redis://:pw@host" → "redis://host") and out of password= query items; as in the core parser
// a query item wins over the userinfo.
[[nodiscard]] PasswordSplit takePassword(const QString &url);

// The TLS query items of a rediss:// URL, under any of the names the core parser accepts.
struct TlsFields
{
    QString caFile;
    QString certFile;
    QString keyFile;
    QString serverName;
    bool insecure = false;

    friend bool operator==(const TlsFields &, const TlsFields &) = default;
};

[[nodiscard]] TlsFields tlsFields(const QString &url);
// Replaces the URL's TLS query items (all their aliases) by ca, cert, key, sni and insecure,
// leaving the other items where they are. Empty fields and insecure=false are left out.
[[nodiscard]] QString withTlsFields(const QString &url, const TlsFields &tls);

[[nodiscard]] bool isTls(const QString &url); // rediss://, rediss-cluster://, rediss-sentinel://

// The sentinels' own password (the sentinel_password= query item of a redis-sentinel:// URL),
// taken out like the master's: it is kept with the password, never in the URL.
[[nodiscard]] PasswordSplit takeSentinelPassword(const QString &url);

// Where the keys live, as the URL's scheme, host list and path say it; the dialog's
// deployment fields are another view of them.
struct DeploymentFields
{
    redislock::Deployment deployment = redislock::Deployment::standalone;
    QString seeds;      // "host:port, host:port": the server, a cluster's seeds, the sentinels
    QString masterName; // Sentinel: the monitored master's name (the path's first segment)

    friend bool operator==(const DeploymentFields &, const DeploymentFields &) = default;
};

[[nodiscard]] DeploymentFields deploymentFields(const QString &url);
// The URL with its scheme, hosts and path rewritten for the fields, TLS, userinfo, database
// (where the deployment has one) and query items kept. A standalone server takes the first
// seed; a cluster has no database.
[[nodiscard]] QString withDeploymentFields(const QString &url, const DeploymentFields &fields);

// The core parser's verdict, with its one-line reason on failure (without the "invalid Redis
// URL "…":" preamble, which would repeat the field the reason is shown next to).
[[nodiscard]] std::expected<redislock::ConnectionOptions, QString> parse(const QString &url);

// What a valid URL connects to, in one line: "TCP 127.0.0.1:6379, database 0".
[[nodiscard]] QString describe(const redislock::ConnectionOptions &options);

// The URL for display: parsed and shown without password when valid, else only stripped.
[[nodiscard]] QString displayUrl(const QString &url);

} // namespace connectionurl
