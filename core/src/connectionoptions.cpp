#include <redislock/connectionoptions.h>
#include <redislock/duration.h>
#include <redislock/printable.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <vector>

namespace redislock {
namespace {

// What a parse error quotes: a URL, or a Cosy Addr ("host:port").
enum class Source
{
    url,
    address,
};

std::string redact(std::string_view url, std::vector<std::string_view> *secrets);

// `why` with every quoted piece that is part of a secret masked: a parser that misreads a
// password (an unencoded '/' in it ends the host part) quotes pieces of it as a port or db.
std::string maskQuotedSecrets(std::string_view why, const std::vector<std::string_view> &secrets)
{
    std::string out;
    for (std::size_t at = 0;;) {
        const auto open = why.find('"', at);
        const auto close = open == std::string_view::npos ? open : why.find('"', open + 1);
        if (close == std::string_view::npos) {
            out.append(why.substr(at));
            return out;
        }
        const auto quoted = why.substr(open + 1, close - open - 1);
        const bool secret =
            !quoted.empty() && std::ranges::any_of(secrets, [quoted](std::string_view s) {
                return s.find(quoted) != std::string_view::npos;
            });
        out.append(why.substr(at, open + 1 - at)).append(secret ? "***" : quoted).append("\"");
        at = close + 1;
    }
}

Error invalidInput(Source source, std::string_view text, std::string_view why)
{
    // Never echo a secret back, nor a control character that would break the line.
    std::vector<std::string_view> secrets;
    const std::string shown = redact(text, &secrets);
    return Error(
        Errc::invalidUrl,
        std::string(source == Source::url ? "invalid Redis URL \"" : "invalid Redis address \"") +
            printable(shown) + "\": " + printable(maskQuotedSecrets(why, secrets)));
}

Error invalidUrl(std::string_view url, std::string_view why)
{
    return invalidInput(Source::url, url, why);
}

std::optional<int> hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return std::nullopt;
}

std::optional<std::string> percentDecode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size())
            return std::nullopt;
        const auto high = hexValue(text[i + 1]);
        const auto low = hexValue(text[i + 2]);
        if (!high || !low)
            return std::nullopt;
        out += static_cast<char>(*high * 16 + *low);
        i += 2;
    }
    return out;
}

// The inverse of percentDecode for a URL's display: `reserved`, '%', controls and blanks are
// encoded so that the text parses back to the same bytes and prints on one line.
std::string percentEncode(std::string_view text, std::string_view reserved)
{
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte > 0x20 && byte != 0x7f && c != '%' && reserved.find(c) == std::string_view::npos) {
            out += c;
            continue;
        }
        static constexpr char hex[] = "0123456789ABCDEF";
        out += '%';
        out += hex[byte >> 4];
        out += hex[byte & 15];
    }
    return out;
}

template <class Int>
std::optional<Int> parseInt(std::string_view text)
{
    Int value{};
    const auto *end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    if (text.empty() || result.ec != std::errc() || result.ptr != end)
        return std::nullopt;
    return value;
}

std::expected<void, Error> parsePort(Source source, std::string_view url, std::string_view text,
                                     ConnectionOptions &options)
{
    const auto port = parseInt<unsigned long long>(text);
    if (!port)
        return std::unexpected(invalidInput(
            source, url, "port \"" + std::string(text) + "\" is not a number from 1 to 65535"));
    if (*port == 0 || *port > 65535)
        return std::unexpected(invalidInput(
            source, url, "port \"" + std::string(text) + "\" is out of range 1-65535"));
    options.port = static_cast<std::uint16_t>(*port);
    return {};
}

std::expected<void, Error> parseDb(std::string_view url, std::string_view text,
                                   ConnectionOptions &options)
{
    const auto db = parseInt<int>(text);
    if (!db || *db < 0)
        return std::unexpected(
            invalidUrl(url, "database \"" + std::string(text) + "\" is not a number 0 or above"));
    options.db = *db;
    return {};
}

std::expected<void, Error> parseQuery(std::string_view url, std::string_view query,
                                      ConnectionOptions &options)
{
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        const auto name = pair.substr(0, eq);
        const auto decoded =
            percentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        if (!decoded)
            return std::unexpected(
                invalidUrl(url, "bad percent-encoding in option " + std::string(name)));
        const std::string &value = *decoded;
        const auto duration = [&](auto &target) -> std::expected<void, Error> {
            auto parsed = parseDuration(value);
            if (!parsed)
                return std::unexpected(
                    invalidUrl(url, std::string(name) + ": " + parsed.error().message()));
            target = std::chrono::duration_cast<std::remove_reference_t<decltype(target)>>(*parsed);
            return {};
        };
        // A timeout of 0 would fail every connection at once, which no one means; go-redis
        // reads 0 as "the default" and -1 as "none", which a reader of the URL cannot guess
        // either. So 0 is refused, and a timeout is always a positive duration.
        const auto timeout = [&](std::chrono::milliseconds &target,
                                 std::chrono::milliseconds fallback) -> std::expected<void, Error> {
            if (auto ok = duration(target); !ok)
                return ok;
            if (target <= std::chrono::milliseconds::zero())
                return std::unexpected(
                    invalidUrl(url, std::string(name) +
                                        " must be at least 1ms (leave it out for the default " +
                                        formatDuration(fallback) + ")"));
            return {};
        };
        const ConnectionOptions defaults;
        std::expected<void, Error> ok;
        if (name == "db")
            ok = parseDb(url, value, options);
        else if (name == "user" || name == "username")
            options.user = value;
        else if (name == "password")
            options.password = value;
        else if (name == "sentinel_user" || name == "sentinel_username" ||
                 name == "sentinel_password") {
            // Elsewhere they would be silently ignored, and the server asked with no password.
            if (options.deployment != Deployment::sentinel)
                return std::unexpected(invalidUrl(
                    url, std::string(name) + " is for redis-sentinel:// URLs only; remove it"));
            (name == "sentinel_password" ? options.sentinelPassword : options.sentinelUser) = value;
        } else if (name == "connect_timeout" || name == "dial_timeout")
            ok = timeout(options.connectTimeout, defaults.connectTimeout);
        else if (name == "read_timeout")
            ok = timeout(options.readTimeout, defaults.readTimeout);
        else if (name == "write_timeout")
            ok = timeout(options.writeTimeout, defaults.writeTimeout);
        else if (name == "keepalive")
            ok = duration(options.keepAlive);
        else if (name == "pool_timeout")
            ok = duration(options.poolTimeout);
        else if (name == "pool_size") {
            const auto size = parseInt<std::size_t>(value);
            if (!size || *size == 0)
                return std::unexpected(invalidUrl(url, "pool_size must be a number above 0"));
            options.poolSize = *size;
        } else if (name == "ca" || name == "cacert" || name == "tls_ca_cert_file")
            options.tls.caFile = value;
        else if (name == "cert" || name == "tls_cert_file")
            options.tls.certFile = value;
        else if (name == "key" || name == "tls_key_file")
            options.tls.keyFile = value;
        else if (name == "sni" || name == "server_name")
            options.tls.serverName = value;
        else if (name == "insecure" || name == "skip_verify") {
            if (value == "true" || value == "1" || value == "yes")
                options.tls.insecure = true;
            else if (value == "false" || value == "0" || value == "no")
                options.tls.insecure = false;
            else
                return std::unexpected(invalidUrl(
                    url, std::string(name) + " must be true or false, not \"" + value + "\""));
        } else
            return std::unexpected(invalidUrl(url, "unknown option \"" + std::string(name) + "\""));
        if (!ok)
            return ok;
    }
    const bool tlsOption = !options.tls.caFile.empty() || !options.tls.certFile.empty() ||
                           !options.tls.keyFile.empty() || !options.tls.serverName.empty() ||
                           options.tls.insecure;
    if (tlsOption && options.transport != ConnectionOptions::Transport::tls)
        return std::unexpected(invalidUrl(
            url, "TLS options need a rediss://, rediss-cluster:// or rediss-sentinel:// URL"));
    if (options.deployment == Deployment::cluster && options.db != 0)
        return std::unexpected(
            invalidUrl(url, "a cluster has database 0 only; remove the db option"));
    if (options.tls.certFile.empty() != options.tls.keyFile.empty())
        return std::unexpected(invalidUrl(url, "a client certificate needs both cert and key"));
    return {};
}

std::expected<void, Error> parseHostPort(Source source, std::string_view url,
                                         std::string_view hostPort, ConnectionOptions &options)
{
    const auto invalidUrl = [source](std::string_view text, std::string_view why) {
        return invalidInput(source, text, why);
    };
    if (hostPort.empty())
        return std::unexpected(invalidUrl(url, "missing host"));
    if (hostPort.find(',') != std::string_view::npos)
        return std::unexpected(invalidUrl(
            url, "several hosts need a redis-cluster:// (seed nodes) or redis-sentinel:// "
                 "(sentinels) URL"));
    std::string_view host;
    std::string_view port;
    if (hostPort.front() == '[') {
        const auto close = hostPort.find(']');
        if (close == std::string_view::npos)
            return std::unexpected(invalidUrl(url, "unterminated IPv6 address"));
        host = hostPort.substr(1, close - 1);
        const auto after = hostPort.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                return std::unexpected(invalidUrl(url, "unexpected text after IPv6 address"));
            port = after.substr(1);
            if (port.empty())
                return std::unexpected(invalidUrl(url, "empty port"));
        }
    } else {
        const auto colon = hostPort.rfind(':');
        host = hostPort.substr(0, colon);
        if (colon != std::string_view::npos) {
            port = hostPort.substr(colon + 1);
            if (port.empty())
                return std::unexpected(invalidUrl(url, "empty port"));
        }
        if (host.find(':') != std::string_view::npos)
            return std::unexpected(invalidUrl(url, "IPv6 addresses need brackets: [::1]:6379"));
    }
    if (host.empty())
        return std::unexpected(invalidUrl(url, "missing host"));
    // No host name or address has these, and each would make the URL shown read differently.
    for (const char c : host)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f ||
            std::string_view("@/?#[]").find(c) != std::string_view::npos)
            return std::unexpected(
                invalidInput(source, url, "the host has a character no host name has"));
    options.host = std::string(host);
    if (!port.empty())
        return parsePort(source, url, port, options);
    return {};
}

// A cluster's seed nodes or a Sentinel URL's sentinels: "host[:port],host[:port]...", each
// without a port on `defaultPort`. host and port become the first of them.
std::expected<void, Error> parseSeeds(std::string_view url, std::string_view list,
                                      std::uint16_t defaultPort, ConnectionOptions &options)
{
    if (list.empty())
        return std::unexpected(invalidUrl(url, "missing host"));
    for (std::string_view rest = list;;) {
        const auto comma = rest.find(',');
        const auto entry = rest.substr(0, comma);
        if (entry.empty())
            return std::unexpected(
                invalidUrl(url, "the host list has an empty entry; remove the extra comma"));
        ConnectionOptions one;
        one.port = defaultPort;
        if (auto ok = parseHostPort(Source::url, url, entry, one); !ok)
            return ok;
        options.seeds.push_back({std::move(one.host), one.port});
        if (comma == std::string_view::npos)
            break;
        rest = rest.substr(comma + 1);
    }
    options.host = options.seeds.front().host;
    options.port = options.seeds.front().port;
    return {};
}

constexpr std::string_view expectedSchemes =
    "expected redis://, rediss://, unix://, redis-cluster://, rediss-cluster://, "
    "redis-sentinel:// or rediss-sentinel://";

// Sentinels listen on 26379 by default, as Redis's sentinel.conf and every client assume.
constexpr std::uint16_t defaultSentinelPort = 26379;

} // namespace

std::expected<ConnectionOptions, Error> ConnectionOptions::fromUrl(std::string_view url)
{
    ConnectionOptions options;
    const auto schemeEnd = url.find("://");
    if (url.empty())
        return std::unexpected(invalidUrl(url, "empty; expected redis://host:port"));
    if (schemeEnd == std::string_view::npos)
        return std::unexpected(invalidUrl(url, "missing scheme; " + std::string(expectedSchemes)));
    const auto scheme = url.substr(0, schemeEnd);
    std::string_view rest = url.substr(schemeEnd + 3);

    std::string_view query;
    if (const auto q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }

    if (scheme == "unix") {
        options.transport = Transport::unixSocket;
        if (rest.empty() || rest.front() != '/')
            return std::unexpected(invalidUrl(url, "expected unix:///absolute/path/to/socket"));
        const auto path = percentDecode(rest);
        if (!path)
            return std::unexpected(invalidUrl(url, "bad percent-encoding in the path"));
        options.path = *path;
        options.host.clear();
        if (auto ok = parseQuery(url, query, options); !ok)
            return std::unexpected(ok.error());
        return options;
    }
    if (scheme == "rediss" || scheme == "rediss-cluster" || scheme == "rediss-sentinel")
        options.transport = Transport::tls;
    else if (scheme != "redis" && scheme != "redis-cluster" && scheme != "redis-sentinel")
        return std::unexpected(invalidUrl(url, "unknown scheme \"" + std::string(scheme) + "\"; " +
                                                   std::string(expectedSchemes)));
    if (scheme.ends_with("-cluster"))
        options.deployment = Deployment::cluster;
    else if (scheme.ends_with("-sentinel"))
        options.deployment = Deployment::sentinel;

    std::string_view path;
    if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
        path = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
    }
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        const auto userinfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
        const auto colon = userinfo.find(':');
        const auto user = percentDecode(userinfo.substr(0, colon));
        const auto password = percentDecode(
            colon == std::string_view::npos ? std::string_view() : userinfo.substr(colon + 1));
        if (!user || !password)
            return std::unexpected(invalidUrl(url, "bad percent-encoding in user or password"));
        if (user->empty() && password->empty())
            return std::unexpected(invalidUrl(url, "empty user and password before @"));
        options.user = *user;
        options.password = *password;
    }
    switch (options.deployment) {
    case Deployment::standalone:
        if (auto ok = parseHostPort(Source::url, url, rest, options); !ok)
            return std::unexpected(ok.error());
        break;
    case Deployment::cluster:
        if (auto ok = parseSeeds(url, rest, options.port, options); !ok)
            return std::unexpected(ok.error());
        // SELECT is refused by cluster nodes: a db would fail every connection.
        if (!path.empty())
            return std::unexpected(invalidUrl(url, "a cluster has database 0 only; remove \"/" +
                                                       std::string(path) + "\""));
        break;
    case Deployment::sentinel: {
        if (auto ok = parseSeeds(url, rest, defaultSentinelPort, options); !ok)
            return std::unexpected(ok.error());
        const auto slash = path.find('/');
        const auto name = percentDecode(path.substr(0, slash));
        if (!name)
            return std::unexpected(invalidUrl(url, "bad percent-encoding in the master name"));
        if (name->empty())
            return std::unexpected(
                invalidUrl(url, "missing the master's name; add it after the sentinels: "
                                "redis-sentinel://host:26379,host:26380/mymaster"));
        options.masterName = *name;
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
        break;
    }
    }
    if (!path.empty()) {
        if (auto ok = parseDb(url, path, options); !ok)
            return std::unexpected(ok.error());
    }
    if (auto ok = parseQuery(url, query, options); !ok)
        return std::unexpected(ok.error());
    return options;
}

std::expected<ConnectionOptions, Error> ConnectionOptions::fromAddress(std::string_view address,
                                                                       std::string password, int db)
{
    ConnectionOptions options;
    if (address.find("://") != std::string_view::npos) {
        auto parsed = fromUrl(address);
        if (!parsed)
            return parsed;
        options = std::move(*parsed);
    } else if (auto ok = parseHostPort(Source::address, address, address, options); !ok) {
        return std::unexpected(ok.error());
    }
    if (db < 0)
        return std::unexpected(
            Error(Errc::invalidArgument,
                  "invalid Redis database " + std::to_string(db) + ": expected 0 or above"));
    if (!password.empty())
        options.password = std::move(password);
    if (db != 0)
        options.db = db;
    return options;
}

std::string ServerAddress::text() const
{
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
           std::to_string(port);
}

std::string ConnectionOptions::displayUrl() const
{
    std::string url;
    if (transport == Transport::unixSocket) {
        url = "unix://" + percentEncode(path, "?#");
        if (db != 0)
            url += "?db=" + std::to_string(db);
        return url;
    }
    url = transport == Transport::tls ? "rediss" : "redis";
    if (deployment == Deployment::cluster)
        url += "-cluster";
    else if (deployment == Deployment::sentinel)
        url += "-sentinel";
    url += "://";
    if (!user.empty())
        url += percentEncode(user, ":@/?#[]") + "@";
    if (deployment != Deployment::standalone && !seeds.empty()) {
        for (std::size_t i = 0; i < seeds.size(); ++i)
            url += (i == 0 ? "" : ",") + seeds[i].text();
    } else {
        url += ServerAddress{host, port}.text();
    }
    if (deployment == Deployment::sentinel)
        url += "/" + percentEncode(masterName, "/?#");
    if (db != 0)
        url += "/" + std::to_string(db);
    if (deployment == Deployment::sentinel && !sentinelUser.empty())
        url += "?sentinel_user=" + percentEncode(sentinelUser, "&#");
    return url;
}

} // namespace redislock

namespace redislock {
namespace {

// Query items whose value is a secret, in any URL form: password, sentinel_password,
// sentinelPassword, key_password, passphrase, auth, token, client_secret...
bool isSecretName(std::string_view name)
{
    std::string lower;
    const auto decoded = percentDecode(name);
    for (char c : decoded.value_or(std::string(name)))
        lower += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    for (const std::string_view word : {"pass", "pwd", "secret", "auth", "token", "credential"})
        if (lower.find(word) != std::string::npos)
            return true;
    return false;
}

} // namespace

std::string redactUrl(std::string_view url)
{
    return redact(url, nullptr);
}

namespace {

std::string redact(std::string_view url, std::vector<std::string_view> *secrets)
{
    const auto keep = [secrets](std::string_view secret) {
        if (secrets)
            secrets->push_back(secret);
    };
    constexpr std::string_view mask = "***";
    const auto q = url.find('?');
    const std::string_view head = url.substr(0, q);
    std::string out;
    out.reserve(url.size());

    // Userinfo: everything between the scheme and the last '@' before the query, whatever
    // comes between (a '/' or ',' in a password typed without percent-encoding, several hosts).
    // "user:password@" keeps the user; a userinfo without ':' is a password to redis-cli
    // (redis://secret@host), so all of it goes. A path that starts at once (unix:///a@b)
    // has no userinfo.
    const auto schemeEnd = head.find("://");
    const std::size_t authority = schemeEnd == std::string_view::npos ? 0 : schemeEnd + 3;
    const auto at = head.rfind('@');
    if (at != std::string_view::npos && at >= authority &&
        !(authority < head.size() && head[authority] == '/')) {
        const auto userinfo = head.substr(authority, at - authority);
        out.append(head.substr(0, authority));
        if (const auto colon = userinfo.find(':'); colon != std::string_view::npos) {
            out.append(userinfo.substr(0, colon + 1)).append(mask);
            keep(userinfo.substr(colon + 1));
        } else {
            out.append(mask);
            keep(userinfo);
        }
        out.append(head.substr(at));
    } else {
        out.append(head);
    }
    if (q == std::string_view::npos)
        return out;

    out += '?';
    std::string_view query = url.substr(q + 1);
    for (bool first = true;; first = false) {
        const auto amp = query.find('&');
        const auto item = query.substr(0, amp);
        if (!first)
            out += '&';
        const auto eq = item.find('=');
        // An item with an '@', or a secret's name anywhere in it (a URL pasted into an option
        // value brings its own userinfo and query), is masked whole: no option needs it shown.
        if (item.find('@') != std::string_view::npos ||
            (eq != std::string_view::npos && isSecretName(item.substr(eq + 1)))) {
            out.append(mask);
            keep(item);
        } else if (eq != std::string_view::npos && isSecretName(item.substr(0, eq))) {
            out.append(item.substr(0, eq + 1)).append(mask);
            keep(item.substr(eq + 1));
        } else
            out.append(item);
        if (amp == std::string_view::npos)
            break;
        query = query.substr(amp + 1);
    }
    return out;
}

} // namespace

std::expected<std::string, Error> readPasswordFile(const std::filesystem::path &file)
{
    std::error_code error;
    if (std::filesystem::is_directory(file, error))
        return std::unexpected(Error(Errc::invalidArgument,
                                     "password file " + printable(file.string()) +
                                         " is a directory; give the file that holds the password"));
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return std::unexpected(Error(Errc::invalidArgument,
                                     "cannot read the password file " + printable(file.string())));
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    if (line.empty())
        return std::unexpected(
            Error(Errc::invalidArgument, "the password file " + printable(file.string()) +
                                             " is empty: its first line is the password"));
    return line;
}

std::expected<std::string, Error> applyToolPassword(std::string &password,
                                                    std::string_view ownSource,
                                                    const std::optional<std::string> &passwordFile)
{
    if (passwordFile) {
        auto read = readPasswordFile(*passwordFile);
        if (!read)
            return std::unexpected(read.error());
        password = std::move(*read);
        return "the password file " + printable(*passwordFile);
    }
    if (!password.empty())
        return std::string(ownSource);
    for (const char *name : {passwordEnvironment, "REDISCLI_AUTH"}) {
        if (const char *value = std::getenv(name); value && *value) {
            password = value;
            return "the environment variable " + std::string(name);
        }
    }
    return std::string();
}

} // namespace redislock
