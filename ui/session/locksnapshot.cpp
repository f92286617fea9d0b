#include "session/locksnapshot.h"

#include <redislock/forcerelease.h>

#include <algorithm>

namespace {

QString text(const std::string &bytes)
{
    return QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
}

QString fieldLines(const redislock::HolderFields &fields, const QString &indent)
{
    QString lines;
    for (const auto &[name, value] : fields)
        lines += indent + text(name) + QStringLiteral(": ") + text(value) + u'\n';
    return lines;
}

} // namespace

LockSnapshot LockSnapshot::fromRecord(const redislock::LockRecord &record)
{
    LockSnapshot snapshot;
    snapshot.key = QByteArray(record.key.data(), qsizetype(record.key.size()));
    snapshot.value = QByteArray(record.value.data(), qsizetype(record.value.size()));
    snapshot.valueSize = qint64(record.valueSize);
    snapshot.ttlMs = record.ttlMs;
    snapshot.format = record.format;
    snapshot.tokenLength = int(record.tokenLength);
    snapshot.type = QByteArray(record.type.data(), qsizetype(record.type.size()));
    snapshot.holder = text(redislock::holderSummary(record));
    snapshot.evidence = text(record.evidence);
    // The token and metadata have rows of their own in the detail pane.
    redislock::HolderFields facts;
    for (const auto &field : record.holder)
        if (field.first != "token" && field.first != "metadata")
            facts.push_back(field);
    snapshot.holderDetails = fieldLines(facts, QString());
    for (std::size_t i = 0; i < record.holders.size(); ++i) {
        snapshot.holderDetails += QStringLiteral("#%1\n").arg(i + 1) +
                                  fieldLines(record.holders[i], QStringLiteral("  "));
        const std::string field = redislock::redissonField(record.holders[i]);
        snapshot.holderIdentity += QByteArray(field.data(), qsizetype(field.size())) + '\n';
    }
    snapshot.holderDetails = snapshot.holderDetails.trimmed();
    snapshot.node = QString::fromStdString(record.node);
    snapshot.slot = record.slot ? int(*record.slot) : -1;
    return snapshot;
}

redislock::LockRecord LockSnapshot::toRecord() const
{
    redislock::LockRecord record;
    record.key.assign(key.constData(), std::size_t(key.size()));
    record.value.assign(value.constData(), std::size_t(value.size()));
    record.valueSize = std::size_t(valueSize);
    record.ttlMs = ttlMs;
    record.format = format;
    record.tokenLength = std::size_t(std::max(0, tokenLength));
    record.type.assign(type.constData(), std::size_t(type.size()));
    record.node = node.toStdString();
    if (slot >= 0)
        record.slot = std::uint16_t(slot);
    // Each identity line is a Redisson hash field, "<client uuid>:<thread id>[:write]": who
    // holds the hash is its fields, whatever their counts.
    for (const QByteArray &field : holderIdentity.split('\n'))
        if (!field.isEmpty())
            record.hash.emplace_back(field.toStdString(), std::string());
    return record;
}
