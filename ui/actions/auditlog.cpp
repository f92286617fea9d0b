#include "actions/auditlog.h"

#include "common/bytetext.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QSysInfo>

#include <algorithm>
#include <array>
#include <pwd.h>
#include <unistd.h>

namespace {

// JSON string literal of `text`, written by hand so that the fields keep their documented order
// (QJsonObject would sort them) and the line stays readable with tail -f.
// `utf8` must be valid UTF-8; it is copied as it is (never through QString, whose fromUtf8()
// drops a leading byte order mark).
QByteArray jsonString(const QByteArray &utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char byte = utf8[i];
        const auto c = static_cast<unsigned char>(byte);
        // U+FEFF (a byte order mark) is escaped: Qt's JSON reader drops it, raw, at the start of
        // a string, and the log must give back every byte.
        if (c == 0xEF && utf8.sliced(i).startsWith("\xEF\xBB\xBF")) {
            out += "\\ufeff";
            i += 2;
            continue;
        }
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else {
                out += byte;
            }
        }
    }
    out += '"';
    return out;
}

QByteArray jsonString(const QString &text)
{
    return jsonString(text.toUtf8());
}

// Bytes as lockctl gives them: a string when valid UTF-8, else {"base64": "…"}.
QByteArray jsonBytes(const QByteArray &bytes)
{
    if (isUtf8(bytes))
        return jsonString(bytes);
    return "{\"base64\":" + jsonString(bytes.toBase64()) + '}';
}

std::optional<QByteArray> bytesFromJson(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().toUtf8();
    if (value.isObject() && value[QLatin1StringView("base64")].isString()) {
        auto decoded =
            QByteArray::fromBase64Encoding(value[QLatin1StringView("base64")].toString().toLatin1(),
                                           QByteArray::AbortOnBase64DecodingErrors);
        if (decoded)
            return *decoded;
    }
    return std::nullopt;
}

constexpr std::array allActions{LockAction::obtain,           LockAction::refresh,
                                LockAction::release,          LockAction::forceRelease,
                                LockAction::deleteRegardless, LockAction::setExpiry,
                                LockAction::harnessRun,       LockAction::failover};
using Outcome = ActionResult::Outcome;
constexpr std::array allOutcomes{Outcome::done,         Outcome::notObtained, Outcome::notHeld,
                                 Outcome::changedHands, Outcome::refused,     Outcome::failed,
                                 Outcome::started,      Outcome::cancelled};

// Who made the entry: the OS account this app runs as (not $USER, which anyone can set).
QString osUser()
{
    if (const passwd *entry = ::getpwuid(::geteuid()); entry && entry->pw_name)
        return QString::fromLocal8Bit(entry->pw_name);
    return QString::number(::geteuid());
}

// Reads the last `count` lines of `file` (without their newlines), reading backwards in blocks so
// that a long-lived log does not have to be read whole on every start.
QList<QByteArray> lastLines(QFile &file, int count)
{
    constexpr qint64 block = 64 * 1024;
    const qint64 size = file.size();
    qint64 start = size;
    QByteArray tail;
    while (start > 0 && tail.count('\n') <= count) {
        const qint64 from = qMax<qint64>(0, start - block);
        if (!file.seek(from))
            break;
        tail.prepend(file.read(start - from));
        start = from;
    }
    QList<QByteArray> lines = tail.split('\n');
    if (start > 0 && !lines.isEmpty())
        lines.removeFirst(); // the block boundary may have cut it
    lines.removeIf([](const QByteArray &line) { return line.trimmed().isEmpty(); });
    if (lines.size() > count)
        lines.remove(0, lines.size() - count);
    return lines;
}

} // namespace

AuditLog::AuditLog(QObject *parent) : AuditLog(defaultPath(), defaultKept, parent)
{}

AuditLog::AuditLog(const QString &path, int kept, QObject *parent)
    : QObject(parent), path_(path), kept_(qMax(1, kept)), file_(path)
{
    load();
}

AuditLog::~AuditLog() = default;

QString AuditLog::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("audit.jsonl"));
}

void AuditLog::load()
{
    QFile file(path_);
    // A device (/dev/null, a FIFO) has no past entries to read, and cannot seek.
    if (!file.exists() || !file.open(QIODevice::ReadOnly) || file.isSequential())
        return;
    if (file.size() > 0 && file.seek(file.size() - 1))
        needsNewline_ = file.read(1) != "\n";
    for (const QByteArray &line : lastLines(file, kept_)) {
        if (auto entry = fromJsonLine(line))
            entries_.append(std::move(*entry));
        else
            ++unreadable_;
    }
}

QString AuditLog::user()
{
    static const QString name = osUser();
    return name;
}

QString AuditLog::host()
{
    static const QString name = QSysInfo::machineHostName();
    return name;
}

bool AuditLog::openForAppend()
{
    if (file_.isOpen())
        return true;
    const QFileInfo info(path_);
    if (!QDir().mkpath(info.absolutePath())) {
        error_ = tr("Audit log: cannot create the folder %1").arg(info.absolutePath());
        return false;
    }
    // Unbuffered: every entry is one write() straight to the file (O_APPEND), nothing waits in a
    // buffer to be lost if the app is killed.
    // Created for the owner alone (0600), and narrowed if an older run left it readable: the
    // log tells who held what where, which is nobody else's business on a shared machine.
    constexpr auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!file_.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered, ownerOnly)) {
        error_ = tr("Audit log: cannot open %1: %2").arg(path_, file_.errorString());
        return false;
    }
    if (!file_.isSequential() && file_.permissions() != ownerOnly && QFileInfo(path_).isFile())
        file_.setPermissions(ownerOnly);
    return true;
}

bool AuditLog::append(const ActionResult &result)
{
    ActionResult entry = result;
    if (!entry.time.isValid())
        entry.time = QDateTime::currentDateTimeUtc();
    entry.time = entry.time.toUTC();
    if (entry.user.isEmpty())
        entry.user = user();
    if (entry.host.isEmpty())
        entry.host = host();

    bool written = false;
    if (openForAppend()) {
        QByteArray line = toJsonLine(entry);
        if (needsNewline_)
            line.prepend('\n');
        if (file_.write(line) == line.size() && file_.flush()) {
            written = true;
            needsNewline_ = false;
            error_.clear();
        } else {
            error_ = tr("Audit log: cannot write to %1: %2").arg(path_, file_.errorString());
            // A partial line may be on disk now; reopen next time and start on a fresh line.
            file_.close();
            needsNewline_ = true;
        }
    }
    if (!written)
        Q_EMIT writeFailed(error_);

    entries_.append(entry);
    if (entries_.size() > kept_)
        entries_.removeFirst();
    Q_EMIT appended(entry);
    return written;
}

QByteArray AuditLog::toJsonLine(const ActionResult &result)
{
    const QDateTime time = result.time.isValid() ? result.time : QDateTime::currentDateTimeUtc();
    QByteArray line;
    line += "{\"time\":" + jsonString(time.toUTC().toString(Qt::ISODateWithMs));
    line += ",\"user\":" + jsonString(result.user);
    line += ",\"host\":" + jsonString(result.host);
    line += ",\"connection\":" + jsonString(result.connection);
    line += ",\"action\":" + jsonString(actionName(result.action));
    line += ",\"key\":" + jsonBytes(result.key);
    line += ",\"value\":" + jsonBytes(result.value);
    line += ",\"outcome\":" + jsonString(outcomeName(result.outcome));
    line += ",\"message\":" + jsonString(result.message);
    line += ",\"ttl_ms\":" + QByteArray::number(result.ttlMs);
    if (!result.format.isEmpty())
        line += ",\"format\":" + jsonString(result.format);
    if (!result.holder.isEmpty())
        line += ",\"holder\":" + jsonBytes(result.holder);
    // The message's untranslated source and arguments, so that the Activity tab can show it in
    // the operator's language; "message" above is what a person or a script reads.
    if (!result.text.isEmpty()) {
        line += ",\"message_source\":{\"context\":" + jsonString(result.text.context);
        line += ",\"text\":" + jsonString(result.text.source);
        line += ",\"args\":[";
        for (qsizetype i = 0; i < result.text.args.size(); ++i)
            line += (i ? "," : "") + jsonString(result.text.args[i]);
        line += ']';
        if (result.text.n >= 0)
            line += ",\"n\":" + QByteArray::number(result.text.n);
        line += '}';
    }
    line += "}\n";
    return line;
}

std::optional<ActionResult> AuditLog::fromJsonLine(const QByteArray &line)
{
    const QJsonDocument document = QJsonDocument::fromJson(line);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();

    ActionResult result;
    result.time =
        QDateTime::fromString(object[QLatin1StringView("time")].toString(), Qt::ISODateWithMs);
    if (!result.time.isValid())
        return std::nullopt;
    result.time = result.time.toUTC();
    result.connection = object[QLatin1StringView("connection")].toString();

    const QString action = object[QLatin1StringView("action")].toString();
    const auto foundAction = std::ranges::find_if(
        allActions, [&](LockAction candidate) { return actionName(candidate) == action; });
    if (foundAction == allActions.end())
        return std::nullopt;
    result.action = *foundAction;

    const QString outcome = object[QLatin1StringView("outcome")].toString();
    const auto foundOutcome = std::ranges::find_if(
        allOutcomes, [&](Outcome candidate) { return outcomeName(candidate) == outcome; });
    if (foundOutcome == allOutcomes.end())
        return std::nullopt;
    result.outcome = *foundOutcome;

    const auto key = bytesFromJson(object[QLatin1StringView("key")]);
    const auto value = bytesFromJson(object[QLatin1StringView("value")]);
    if (!key || !value)
        return std::nullopt;
    result.key = *key;
    result.value = *value;
    result.message = object[QLatin1StringView("message")].toString();
    result.ttlMs = object[QLatin1StringView("ttl_ms")].toInteger();
    result.user = object[QLatin1StringView("user")].toString();
    result.host = object[QLatin1StringView("host")].toString();
    const QJsonObject source = object[QLatin1StringView("message_source")].toObject();
    if (!source.isEmpty()) {
        result.text.context = source[QLatin1StringView("context")].toString().toUtf8();
        result.text.source = source[QLatin1StringView("text")].toString().toUtf8();
        for (const QJsonValue &arg : source[QLatin1StringView("args")].toArray())
            result.text.args.append(arg.toString());
        result.text.n = source[QLatin1StringView("n")].toInt(-1);
    }
    return result;
}
