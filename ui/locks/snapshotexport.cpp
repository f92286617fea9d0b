#include "locks/snapshotexport.h"

#include "common/bytetext.h"
#include "locks/historytext.h"
#include "locks/lockfilterproxymodel.h"
#include "locks/lockhistoryfeed.h"
#include "locks/locktablemodel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QThread>

namespace {

// Bytes as lockctl and the audit log give them: a string when valid UTF-8, else
// {"base64": "…"}.
QJsonValue bytesValue(const QByteArray &bytes)
{
    if (isUtf8(bytes))
        return QString::fromUtf8(bytes);
    return QJsonObject{{QStringLiteral("base64"), QString::fromLatin1(bytes.toBase64())}};
}

QJsonValue bytesValue(const std::string &bytes)
{
    return bytesValue(QByteArray(bytes.data(), qsizetype(bytes.size())));
}

QString name(std::string_view text)
{
    return QString::fromLatin1(text.data(), qsizetype(text.size()));
}

QJsonObject historyObject(const redislock::KeyHistory &history)
{
    QJsonArray events;
    for (const redislock::LockEvent &event : history.events) {
        QJsonObject object{{QStringLiteral("ts"), HistoryText::isoTime(event.at)},
                           {QStringLiteral("event"), name(redislock::eventName(event.kind))},
                           {QStringLiteral("format"), name(redislock::formatName(event.format))},
                           {QStringLiteral("token"), bytesValue(event.token)},
                           {QStringLiteral("ttl_ms"), qint64(event.ttlMs)}};
        if (!event.previousToken.empty())
            object.insert(QStringLiteral("previous_token"), bytesValue(event.previousToken));
        events.append(object);
    }
    QJsonArray tenures;
    for (const redislock::Tenure &tenure : history.tenures) {
        QJsonArray refreshes;
        for (const redislock::HistoryTime &at : tenure.refreshes)
            refreshes.append(HistoryText::isoTime(at));
        QJsonObject object{{QStringLiteral("token"), bytesValue(tenure.token)},
                           {QStringLiteral("format"), name(redislock::formatName(tenure.format))},
                           {QStringLiteral("start"), HistoryText::isoTime(tenure.start)},
                           {QStringLiteral("start_seen"), tenure.startSeen},
                           {QStringLiteral("lease_ms"), qint64(tenure.leaseMs)},
                           {QStringLiteral("refreshes"), refreshes}};
        if (tenure.end) {
            object.insert(QStringLiteral("end"), HistoryText::isoTime(*tenure.end));
            object.insert(QStringLiteral("end_event"), name(redislock::eventName(tenure.endKind)));
        }
        tenures.append(object);
    }
    QJsonArray ttl;
    for (const redislock::TtlPoint &point : history.ttl)
        ttl.append(QJsonObject{{QStringLiteral("ts"), HistoryText::isoTime(point.at)},
                               {QStringLiteral("ttl_ms"), qint64(point.ttlMs)}});
    QJsonArray anomalies;
    for (const redislock::Anomaly &anomaly : history.anomalies)
        anomalies.append(
            QJsonObject{{QStringLiteral("ts"), HistoryText::isoTime(anomaly.at)},
                        {QStringLiteral("anomaly"), name(redislock::anomalyName(anomaly.kind))},
                        {QStringLiteral("token"), bytesValue(anomaly.token)},
                        {QStringLiteral("detail"), QString::fromStdString(anomaly.detail)}});
    return {{QStringLiteral("key"), bytesValue(history.key)},
            {QStringLiteral("events"), events},
            {QStringLiteral("tenures"), tenures},
            {QStringLiteral("ttl"), ttl},
            {QStringLiteral("anomalies"), anomalies}};
}

QString csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') &&
        !text.contains(u'\r'))
        return text;
    return u'"' + QString(text).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

QString writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return QCoreApplication::translate("SnapshotExporter", "Could not write %1: %2")
            .arg(QFileInfo(path).fileName(), file.errorString());
    return {};
}

} // namespace

void SnapshotContent::gather(const LockTableModel &model, const LockFilterProxyModel &proxy,
                             const LockHistoryFeed &feed)
{
    using Model = LockTableModel;
    csvColumns = {
        QStringLiteral("key"),       QStringLiteral("format"),   QStringLiteral("holder"),
        QStringLiteral("token"),     QStringLiteral("metadata"), QStringLiteral("ttl"),
        QStringLiteral("ttl_ms"),    QStringLiteral("seen_for"), QStringLiteral("refreshes"),
        QStringLiteral("held"),      QStringLiteral("node"),     QStringLiteral("slot"),
        QStringLiteral("anomalies"), QStringLiteral("visible")};
    // The proxy's order first (what the operator sees), then the rows the filter hides.
    QList<int> order;
    QList<bool> shown(model.rowCount(), false);
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const int source = proxy.mapToSource(proxy.index(row, 0)).row();
        order.append(source);
        shown[source] = true;
    }
    for (int row = 0; row < model.rowCount(); ++row)
        if (!shown[row])
            order.append(row);
    for (const int row : std::as_const(order)) {
        const LockSnapshot &lock = model.snapshotRef(row);
        const auto text = [&](int column) {
            return model.index(row, column).data(Qt::DisplayRole).toString();
        };
        const QStringList anomalies =
            model.index(row, Model::KeyColumn).data(Model::AnomalyRole).toStringList();
        QJsonObject object{
            {QStringLiteral("key"), bytesValue(lock.key)},
            {QStringLiteral("format"), text(Model::FormatColumn)},
            {QStringLiteral("holder"), lock.holderText()},
            {QStringLiteral("holder_details"), lock.holderFactsText()},
            {QStringLiteral("evidence"), lock.evidence()},
            {QStringLiteral("token"), bytesValue(lock.token())},
            {QStringLiteral("metadata"), bytesValue(lock.metadata())},
            {QStringLiteral("type"), QString::fromLatin1(lock.type())},
            {QStringLiteral("ttl"), text(Model::TtlColumn)},
            {QStringLiteral("ttl_ms"), lock.ttlMs},
            {QStringLiteral("seen_for"), text(Model::AgeColumn)},
            {QStringLiteral("refreshes"), model.index(row, Model::RefreshesColumn).data().toInt()},
            {QStringLiteral("held"), model.isHeld(row)},
            {QStringLiteral("stuck"), model.isStuck(row)},
            {QStringLiteral("node"), lock.node},
            {QStringLiteral("anomalies"), QJsonArray::fromStringList(anomalies)},
            {QStringLiteral("visible"), shown[row]}};
        if (lock.slot >= 0)
            object.insert(QStringLiteral("slot"), lock.slot);
        if (lock.truncated())
            object.insert(QStringLiteral("value_size"), lock.valueSize);
        rows.append(object);
        csvRows.append({displayBytes(lock.key), text(Model::FormatColumn), lock.holderText(),
                        text(Model::TokenColumn), text(Model::MetadataColumn),
                        text(Model::TtlColumn), QString::number(lock.ttlMs), text(Model::AgeColumn),
                        text(Model::RefreshesColumn),
                        model.isHeld(row) ? QStringLiteral("yes") : QString(), lock.node,
                        lock.slot >= 0 ? QString::number(lock.slot) : QString(),
                        anomalies.join(u' '), shown[row] ? QStringLiteral("yes") : QString()});
    }
    // Every key the history remembers, also those that left the table: the post-mortem's
    // subject is often a lock that is gone.
    const redislock::LockHistory &history = feed.history();
    histories = history.busiestCopies(history.size(), redislock::HistoryTime{});
}

QByteArray SnapshotContent::toJson() const
{
    QJsonArray table;
    for (const QJsonObject &row : rows)
        table.append(row);
    QJsonArray timelines;
    for (const redislock::KeyHistory &history : histories)
        timelines.append(historyObject(history));
    QJsonArray audit;
    for (const QByteArray &line : auditLines)
        if (const QJsonDocument entry = QJsonDocument::fromJson(line); entry.isObject())
            audit.append(entry.object());
    const QJsonObject root{
        {QStringLiteral("lockscope_snapshot"), 1},
        {QStringLiteral("taken_at"), takenAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("connection"), connection},
        {QStringLiteral("url"), url},
        {QStringLiteral("filter"), filter},
        {QStringLiteral("locks"), table},
        {QStringLiteral("timelines"), timelines},
        {QStringLiteral("audit"), audit}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray SnapshotContent::toCsv() const
{
    QStringList lines{csvColumns.join(u',')};
    for (const QStringList &row : csvRows) {
        QStringList fields;
        for (const QString &field : row)
            fields.append(csvField(field));
        lines.append(fields.join(u','));
    }
    return (lines.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n")).toUtf8();
}

SnapshotExporter::SnapshotExporter(QObject *parent) : QObject(parent)
{}

SnapshotExporter::~SnapshotExporter()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

QString SnapshotExporter::csvPath(const QString &jsonPath)
{
    const QFileInfo info(jsonPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".csv"));
}

bool SnapshotExporter::start(SnapshotContent content, const QString &jsonPath)
{
    if (m_thread)
        return false;
    auto error = std::make_shared<QString>();
    const QString csv = csvPath(jsonPath);
    m_thread = QThread::create([content = std::move(content), jsonPath, csv, error] {
        *error = writeFile(jsonPath, content.toJson());
        if (error->isEmpty())
            *error = writeFile(csv, content.toCsv());
    });
    m_thread->setObjectName(QStringLiteral("SnapshotExporter"));
    connect(m_thread, &QThread::finished, this, [this, jsonPath, csv, error] {
        m_thread->deleteLater();
        m_thread = nullptr;
        Q_EMIT finished(jsonPath, csv, *error);
    });
    m_thread->start();
    return true;
}
