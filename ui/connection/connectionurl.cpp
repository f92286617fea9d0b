#include "connection/connectionurl.h"

#include <QCoreApplication>
#include <QStringList>
#include <QUrl>

#include <array>

namespace connectionurl {
namespace {

QString decoded(QStringView text)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(text.toUtf8()));
}

// The query items' names, in the core parser's spelling (connectionoptions.cpp).
constexpr std::array caNames{"ca", "cacert", "tls_ca_cert_file"};
constexpr std::array certNames{"cert", "tls_cert_file"};
constexpr std::array keyNames{"key", "tls_key_file"};
constexpr std::array sniNames{"sni", "server_name"};
constexpr std::array insecureNames{"insecure", "skip_verify"};

template <std::size_t N>
bool isOneOf(QStringView name, const std::array<const char *, N> &names)
{
    for (const char *candidate : names) {
        if (name == QLatin1StringView(candidate))
            return true;
    }
    return false;
}

bool isTlsItem(QStringView name)
{
    return isOneOf(name, caNames) || isOneOf(name, certNames) || isOneOf(name, keyNames) ||
           isOneOf(name, sniNames) || isOneOf(name, insecureNames);
}

struct QueryItem
{
    QString name;
    QString rawValue; // as typed, still percent-encoded
};

// "base?a=1&b=2" → ("base", [a=1, b=2]); the core parser splits the same way (first '?').
std::pair<QString, QList<QueryItem>> splitQuery(const QString &url)
{
    const auto q = url.indexOf(u'?');
    if (q < 0)
        return {url, {}};
    QList<QueryItem> items;
    const QString query = url.mid(q + 1);
    for (const auto &pair : query.split(u'&')) {
        if (pair.isEmpty())
            continue;
        const auto eq = pair.indexOf(u'=');
        items.append(eq < 0 ? QueryItem{pair, {}} : QueryItem{pair.left(eq), pair.mid(eq + 1)});
    }
    return {url.left(q), items};
}

QString joinQuery(const QString &base, const QList<QueryItem> &items)
{
    if (items.isEmpty())
        return base;
    QStringList pairs;
    for (const auto &item : items)
        pairs.append(item.name + u'=' + item.rawValue);
    return base + u'?' + pairs.join(u'&');
}

QString encoded(const QString &value)
{
    // Keep paths readable: '/' and ':' mean nothing special inside a query value.
    return QString::fromLatin1(QUrl::toPercentEncoding(value, "/:"));
}

} // namespace

PasswordSplit takePassword(const QString &url)
{
    PasswordSplit split{url, {}, false};
    const auto schemeEnd = url.indexOf(u"://");
    if (schemeEnd < 0)
        return split;
    const auto q = url.indexOf(u'?');
    QString base = q < 0 ? url : url.left(q);
    // The raw query items, empty ones included, so that everything but the password stays as
    // typed (a trailing "&" too: the operator is about to type the next item).
    QStringList items = q < 0 ? QStringList() : url.mid(q + 1).split(u'&');

    // unix:// URLs have no userinfo: everything after the scheme is the socket path.
    if (!url.startsWith(u"unix://")) {
        const auto authorityStart = schemeEnd + 3;
        auto authorityEnd = base.indexOf(u'/', authorityStart);
        if (authorityEnd < 0)
            authorityEnd = base.size();
        const QString authority = base.mid(authorityStart, authorityEnd - authorityStart);
        const auto at = authority.lastIndexOf(u'@');
        const QString userinfo = authority.left(std::max<qsizetype>(at, 0));
        if (const auto colon = userinfo.indexOf(u':'); at >= 0 && colon >= 0) {
            const QString user = userinfo.left(colon);
            const QString host = authority.mid(at + 1);
            split.password = decoded(QStringView(userinfo).mid(colon + 1));
            split.found = true;
            base = base.left(authorityStart) + (user.isEmpty() ? host : user + u'@' + host) +
                   base.mid(authorityEnd);
        }
    }
    // After the userinfo, as in the core parser: a password= item wins.
    for (auto it = items.begin(); it != items.end();) {
        if (it->startsWith(u"password=")) {
            split.password = decoded(QStringView(*it).mid(9));
            split.found = true;
            it = items.erase(it);
        } else {
            ++it;
        }
    }
    if (split.found)
        split.url = items.isEmpty() ? base : base + u'?' + items.join(u'&');
    return split;
}

TlsFields tlsFields(const QString &url)
{
    TlsFields tls;
    for (const auto &item : splitQuery(url).second) {
        const QString value = decoded(item.rawValue);
        if (isOneOf(item.name, caNames))
            tls.caFile = value;
        else if (isOneOf(item.name, certNames))
            tls.certFile = value;
        else if (isOneOf(item.name, keyNames))
            tls.keyFile = value;
        else if (isOneOf(item.name, sniNames))
            tls.serverName = value;
        else if (isOneOf(item.name, insecureNames))
            tls.insecure = value == u"true" || value == u"1" || value == u"yes";
    }
    return tls;
}

QString withTlsFields(const QString &url, const TlsFields &tls)
{
    auto [base, items] = splitQuery(url);
    items.removeIf([](const QueryItem &item) { return isTlsItem(item.name); });
    const auto add = [&items](const char *name, const QString &value) {
        if (!value.isEmpty())
            items.append({QString::fromLatin1(name), encoded(value)});
    };
    add("ca", tls.caFile);
    add("cert", tls.certFile);
    add("key", tls.keyFile);
    add("sni", tls.serverName);
    if (tls.insecure)
        items.append({QStringLiteral("insecure"), QStringLiteral("true")});
    return joinQuery(base, items);
}

bool isTls(const QString &url)
{
    return url.startsWith(u"rediss://") || url.startsWith(u"rediss-cluster://") ||
           url.startsWith(u"rediss-sentinel://");
}

PasswordSplit takeSentinelPassword(const QString &url)
{
    PasswordSplit split{url, {}, false};
    const auto q = url.indexOf(u'?');
    if (q < 0)
        return split;
    QStringList items = url.mid(q + 1).split(u'&');
    for (auto it = items.begin(); it != items.end();) {
        if (it->startsWith(u"sentinel_password=")) {
            split.password = decoded(QStringView(*it).mid(18));
            split.found = true;
            it = items.erase(it);
        } else {
            ++it;
        }
    }
    if (split.found)
        split.url = items.isEmpty() ? url.left(q) : url.left(q) + u'?' + items.join(u'&');
    return split;
}

namespace {

// A URL's text in the parts the deployment fields rewrite.
struct UrlParts
{
    QString scheme;   // "redis-cluster"
    QString userinfo; // with its '@', or empty
    QString hosts;    // "h1:p1,h2:p2"
    QString path;     // "/master/0", or empty
    QString query;    // with its '?', or empty
};

UrlParts partsOf(const QString &url)
{
    UrlParts parts;
    const auto schemeEnd = url.indexOf(u"://");
    if (schemeEnd < 0) {
        parts.hosts = url;
        return parts;
    }
    parts.scheme = url.left(schemeEnd);
    const auto q = url.indexOf(u'?');
    const QString base = q < 0 ? url : url.left(q);
    parts.query = q < 0 ? QString() : url.mid(q);
    const auto authorityStart = schemeEnd + 3;
    auto authorityEnd = base.indexOf(u'/', authorityStart);
    if (authorityEnd < 0)
        authorityEnd = base.size();
    const QString authority = base.mid(authorityStart, authorityEnd - authorityStart);
    const auto at = authority.lastIndexOf(u'@');
    parts.userinfo = at < 0 ? QString() : authority.left(at + 1);
    parts.hosts = authority.mid(at + 1);
    parts.path = base.mid(authorityEnd);
    return parts;
}

redislock::Deployment deploymentOf(const QString &scheme)
{
    if (scheme.endsWith(u"-cluster"))
        return redislock::Deployment::cluster;
    if (scheme.endsWith(u"-sentinel"))
        return redislock::Deployment::sentinel;
    return redislock::Deployment::standalone;
}

} // namespace

DeploymentFields deploymentFields(const QString &url)
{
    const UrlParts parts = partsOf(url);
    DeploymentFields fields;
    fields.deployment = deploymentOf(parts.scheme);
    if (parts.scheme != u"unix")
        fields.seeds = parts.hosts.split(u',', Qt::SkipEmptyParts).join(u", ");
    if (fields.deployment == redislock::Deployment::sentinel)
        fields.masterName = decoded(parts.path.section(u'/', 1, 1));
    return fields;
}

QString withDeploymentFields(const QString &url, const DeploymentFields &fields)
{
    UrlParts parts = partsOf(url);
    const redislock::Deployment was = deploymentOf(parts.scheme);
    const bool tls = isTls(url);
    // The database: a Sentinel URL's second path segment, a standalone URL's first.
    const QString db =
        parts.scheme == u"unix"
            ? QString()
            : parts.path.section(u'/', was == redislock::Deployment::sentinel ? 2 : 1,
                                 was == redislock::Deployment::sentinel ? 2 : 1);
    QStringList seeds;
    for (const QString &seed : fields.seeds.split(u',', Qt::SkipEmptyParts))
        seeds << seed.trimmed();
    switch (fields.deployment) {
    case redislock::Deployment::standalone:
        if (parts.scheme == u"unix" && was == redislock::Deployment::standalone)
            return url; // a socket path is not a seed
        parts.scheme = tls ? QStringLiteral("rediss") : QStringLiteral("redis");
        parts.hosts = seeds.value(0);
        parts.path = db.isEmpty() ? QString() : u'/' + db;
        break;
    case redislock::Deployment::cluster:
        parts.scheme = tls ? QStringLiteral("rediss-cluster") : QStringLiteral("redis-cluster");
        parts.hosts = seeds.join(u',');
        parts.path.clear(); // a cluster has database 0 only
        break;
    case redislock::Deployment::sentinel:
        parts.scheme = tls ? QStringLiteral("rediss-sentinel") : QStringLiteral("redis-sentinel");
        parts.hosts = seeds.join(u',');
        parts.path = u'/' + encoded(fields.masterName) + (db.isEmpty() ? QString() : u'/' + db);
        break;
    }
    return parts.scheme + QStringLiteral("://") + parts.userinfo + parts.hosts + parts.path +
           parts.query;
}

std::expected<redislock::ConnectionOptions, QString> parse(const QString &url)
{
    const QByteArray utf8 = url.toUtf8();
    auto parsed = redislock::ConnectionOptions::fromUrl(std::string_view(utf8.data(), utf8.size()));
    if (parsed)
        return std::move(*parsed);
    QString reason = QString::fromStdString(parsed.error().message());
    // The core says: invalid Redis URL "<url>": <why>. The field shows the URL already.
    if (reason.startsWith(u"invalid Redis URL \"")) {
        const auto end = reason.indexOf(u"\": ");
        if (end >= 0)
            reason = reason.mid(end + 3);
    }
    return std::unexpected(reason);
}

QString describe(const redislock::ConnectionOptions &options)
{
    using Transport = redislock::ConnectionOptions::Transport;
    QString where;
    const QString host = QString::fromStdString(options.host);
    const QString hostPort =
        (host.contains(u':') ? u'[' + host + u']' : host) + u':' + QString::number(options.port);
    switch (options.transport) {
    case Transport::tcp:
        where = QCoreApplication::translate("ConnectionUrl", "TCP %1").arg(hostPort);
        break;
    case Transport::tls:
        where = QCoreApplication::translate("ConnectionUrl", "TLS %1").arg(hostPort);
        break;
    case Transport::unixSocket:
        where = QCoreApplication::translate("ConnectionUrl", "Unix socket %1")
                    .arg(QString::fromStdString(options.path));
        break;
    }
    QString text =
        QCoreApplication::translate("ConnectionUrl", "%1, database %2").arg(where).arg(options.db);
    const auto seeds = int(options.seeds.size());
    if (options.deployment == redislock::Deployment::cluster)
        text = seeds == 1
                   ? QCoreApplication::translate("ConnectionUrl", "Redis Cluster, 1 seed node%1")
                         .arg(options.transport == Transport::tls
                                  ? QCoreApplication::translate("ConnectionUrl", " (TLS)")
                                  : QString())
                   : QCoreApplication::translate("ConnectionUrl", "Redis Cluster, %1 seed nodes%2")
                         .arg(seeds)
                         .arg(options.transport == Transport::tls
                                  ? QCoreApplication::translate("ConnectionUrl", " (TLS)")
                                  : QString());
    else if (options.deployment == redislock::Deployment::sentinel)
        text = QCoreApplication::translate("ConnectionUrl",
                                           "Master %1 as %n sentinel(s) name it, database %2",
                                           nullptr, int(seeds))
                   .arg(QString::fromStdString(options.masterName))
                   .arg(options.db);
    if (!options.user.empty())
        text += QCoreApplication::translate("ConnectionUrl", ", user %1")
                    .arg(QString::fromStdString(options.user));
    if (options.transport == Transport::tls && options.tls.insecure)
        text += QCoreApplication::translate("ConnectionUrl", ", certificate not verified");
    return text;
}

QString displayUrl(const QString &url)
{
    if (auto parsed = parse(url))
        return QString::fromStdString(parsed->displayUrl());
    return takePassword(url).url;
}

} // namespace connectionurl
