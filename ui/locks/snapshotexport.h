#pragma once

#include <redislock/lockhistory.h>

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class LockFilterProxyModel;
class LockHistoryFeed;
class LockTableModel;
class QThread;

// A post-mortem's snapshot of the inspector: the table (every row, as shown), each lock's
// history (events, holders, TTL points, anomalies) and the audit log, as one JSON document, and
// the table as CSV beside it. Gathered on the GUI thread as plain copies (the model and the
// history are not thread-safe), written on a thread of its own (a table of 100,000 keys with
// their histories is tens of MB of JSON).
struct SnapshotContent
{
    QString connection; // the connection's name or URL, never with a password
    QString url;        // the URL with any password replaced by ***
    QString filter;     // the filter text when it was taken
    QDateTime takenAt;
    // One object per row in the table's order, with the texts as shown and the raw figures.
    QList<QJsonObject> rows;
    // The CSV's columns: the names of rows' fields, and each row's texts in that order.
    QStringList csvColumns;
    QList<QStringList> csvRows;
    std::vector<redislock::KeyHistory> histories;
    // The audit log's entries as its JSON lines.
    QList<QByteArray> auditLines;

    // The table and the histories, from the model in the proxy's order (rows the filter hides
    // too, marked "visible": false) and every key the history remembers.
    void gather(const LockTableModel &model, const LockFilterProxyModel &proxy,
                const LockHistoryFeed &feed);

    [[nodiscard]] QByteArray toJson() const;
    [[nodiscard]] QByteArray toCsv() const;
};

// Writes a snapshot on its own thread; finished() comes back on the owner's thread.
class SnapshotExporter : public QObject
{
    Q_OBJECT

public:
    explicit SnapshotExporter(QObject *parent = nullptr);
    ~SnapshotExporter() override; // waits for a write on its way

    // Writes `jsonPath` and the CSV beside it (same name, .csv). False while one is running.
    bool start(SnapshotContent content, const QString &jsonPath);
    [[nodiscard]] bool isRunning() const { return m_thread != nullptr; }
    // Where the CSV of `jsonPath` goes.
    [[nodiscard]] static QString csvPath(const QString &jsonPath);

Q_SIGNALS:
    // error: empty on success, else one line saying what failed.
    void finished(const QString &jsonPath, const QString &csvPath, const QString &error);

private:
    QThread *m_thread = nullptr;
};
