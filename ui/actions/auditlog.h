#pragma once

#include "session/lockaction.h"

#include <QFile>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

// The audit trail of every write this app made: append-only JSON lines on disk, one object
// per ActionResult, in English whatever the operator's language, with who and where:
//   {"time":"2024-05-01T12:00:00.123Z","user":"ops","host":"box","connection":"…",
//    "action":"force-release","key":"…","value":"…","outcome":"done","message":"…","ttl_ms":0,
//    "message_source":{"context":"ActionWorker","text":"Force-released %1: …","args":["…"]}}
// (message_source lets the Activity tab translate the message.) The file is the owner's alone
// (0600); connections are named without their passwords.
// Byte strings (key, value) that are not valid UTF-8 are written as {"base64":"…"}, as lockctl
// does. Each entry is written with one write() on a file opened in append mode, so an entry is
// on disk (in the OS) when append() returns and two instances of the app do not interleave lines.
// The last entries are loaded again on start for the Activity tab. Writing never throws or
// aborts: a failure is reported once per entry through writeFailed() and the entry still shows.
class AuditLog : public QObject
{
    Q_OBJECT
public:
    static constexpr int defaultKept = 1000;

    // The log at defaultPath().
    explicit AuditLog(QObject *parent = nullptr);
    // The log at `path` (tests, or a --audit-log option), keeping the last `kept` entries in
    // memory. The file is created on the first append, not before.
    explicit AuditLog(const QString &path, int kept = defaultKept, QObject *parent = nullptr);
    ~AuditLog() override;

    // <AppDataLocation>/audit.jsonl.
    [[nodiscard]] static QString defaultPath();
    // The OS user and host every entry of this process records.
    [[nodiscard]] static QString user();
    [[nodiscard]] static QString host();

    [[nodiscard]] QString path() const { return path_; }
    // The last entries, oldest first: those loaded from disk, then those appended since.
    [[nodiscard]] const QList<ActionResult> &entries() const { return entries_; }
    // The lines on disk that could not be read back (a line torn by a crash, a foreign edit).
    [[nodiscard]] int unreadableLines() const { return unreadable_; }
    // The last write error, empty when the last append reached the file.
    [[nodiscard]] QString errorString() const { return error_; }

    // Records one action: on disk, then in entries(). Returns whether it reached the file.
    bool append(const ActionResult &result);

    // One entry as its JSON line (with the trailing newline), and back.
    [[nodiscard]] static QByteArray toJsonLine(const ActionResult &result);
    [[nodiscard]] static std::optional<ActionResult> fromJsonLine(const QByteArray &line);

Q_SIGNALS:
    void appended(const ActionResult &result);
    // One line for the status bar: what failed and where.
    void writeFailed(const QString &message);

private:
    void load();
    bool openForAppend();

    QString path_;
    int kept_ = defaultKept;
    QFile file_;
    bool needsNewline_ = false; // the file ends in a torn line: start the next entry on its own
    QList<ActionResult> entries_;
    int unreadable_ = 0;
    QString error_;
};
