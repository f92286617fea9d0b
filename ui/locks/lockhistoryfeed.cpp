#include "locks/lockhistoryfeed.h"

#include <QMetaMethod>

#include <forward_list>
#include <string>
#include <string_view>
#include <vector>

namespace {

// How long a removal may follow this app's delete and still be told as the operator's: the
// keyspace event or the re-sync that finds it gone comes within a re-sync or two.
constexpr std::chrono::seconds operatorDeleteWindow{30};
constexpr std::chrono::minutes pruneInterval{1};

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

// What the history reads of a snapshot: views of its bytes, no copy (a listing observes every
// key). `holders` keeps a hash's joined holder fields while the observation is used.
redislock::LockObservation observationOf(const LockSnapshot &lock,
                                         std::forward_list<std::string> &holders)
{
    std::string_view holder = view(lock.value);
    if (const auto &hash = lock.extra().hash; lock.type() == "hash") {
        if (hash.size() == 1 && hash.front().first != "mode") {
            // One holder (Redisson's usual hash): holderOfFields would join it alone, so its
            // field is the holder, without a copy.
            holder = view(hash.front().first);
        } else {
            std::vector<std::string_view> fields;
            fields.reserve(std::size_t(hash.size()));
            for (const auto &[field, value] : hash)
                fields.push_back(view(field));
            holder = holders.emplace_front(redislock::holderOfFields(std::move(fields)));
        }
    } else if (lock.tokenLength > 0) {
        // A format with a token changes its metadata without changing hands.
        holder = holder.substr(0, std::size_t(lock.tokenLength));
    }
    return {view(lock.key), holder, lock.format, lock.ttlMs};
}

// When a re-read TTL was read, on the feed's clock: `now` less how long ago the reply came
// (readAtMs is on the steady clock's milliseconds). The TTL counts from then: a GUI thread that
// got to the sample late must not make a steady lock look shortened, nor a refresh look late.
redislock::HistoryTime readAt(const TtlSample &sample, const redislock::HistoryTime &now,
                              qint64 steadyNowMs)
{
    const std::chrono::milliseconds lag(steadyNowMs - sample.countsFromMs(steadyNowMs));
    return {now.steady - lag, now.wall - lag};
}

redislock::RemovalCause causeOf(KeyRemoval reason)
{
    switch (reason) {
    case KeyRemoval::deleted:
        return redislock::RemovalCause::delEvent;
    case KeyRemoval::expired:
        return redislock::RemovalCause::expiredEvent;
    case KeyRemoval::vanished:
        break;
    }
    return redislock::RemovalCause::foundGone;
}

} // namespace

LockHistoryFeed::LockHistoryFeed(QObject *parent)
    : QObject(parent), m_clock(&redislock::HistoryTime::now)
{
    m_pruneTimer.setInterval(pruneInterval);
    connect(&m_pruneTimer, &QTimer::timeout, this, [this] { m_history.prune(m_clock()); });
    m_pruneTimer.start();
}

LockHistoryFeed::~LockHistoryFeed() = default;

const redislock::KeyHistory *LockHistoryFeed::find(const QByteArray &key) const
{
    return m_history.find(view(key));
}

QStringList LockHistoryFeed::anomalyNames(const QByteArray &key) const
{
    // Not find(): a filter asks this of every key, and most have no history made.
    QStringList names;
    for (const redislock::Anomaly &anomaly : m_history.anomalies(view(key))) {
        const std::string_view name = redislock::anomalyName(anomaly.kind);
        const QString text = QString::fromLatin1(name.data(), qsizetype(name.size()));
        if (!names.contains(text))
            names.append(text);
    }
    return names;
}

void LockHistoryFeed::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void LockHistoryFeed::reserve(std::size_t keys)
{
    m_history.reserve(keys);
}

void LockHistoryFeed::setMaxHold(std::chrono::milliseconds maxHold)
{
    redislock::HistoryOptions options = m_history.options();
    options.maxHold = maxHold;
    m_history.setOptions(options);
}

std::chrono::milliseconds LockHistoryFeed::maxHold() const
{
    return m_history.options().maxHold;
}

void LockHistoryFeed::note(const QByteArray &key, const redislock::ChangeCounts &changes,
                           bool listChanged)
{
    if (changes.empty())
        return;
    if (listChanged)
        m_changed.append(key);
    if (changes.anomalies > 0)
        m_anomalous.append(key);
}

void LockHistoryFeed::note(const QByteArray &key, const redislock::HistoryChanges &changes)
{
    note(key, redislock::ChangeCounts{changes.events.size(), changes.anomalies.size()});
}

void LockHistoryFeed::publish()
{
    if (!m_changed.isEmpty())
        Q_EMIT historyChanged(std::exchange(m_changed, {}));
    if (!m_anomalous.isEmpty())
        Q_EMIT anomaliesChanged(std::exchange(m_anomalous, {}));
}

void LockHistoryFeed::observeLocks(const QList<LockSnapshot> &locks)
{
    const redislock::HistoryTime at = m_clock();
    // The page's keys at once (the history looks the next ones up while it reads one), each
    // key found gone told in its place. The events are read back from the history when shown:
    // counted, none is copied out.
    std::vector<redislock::LockObservation> observations;
    std::vector<redislock::ChangeCounts> counts;
    std::forward_list<std::string> holders;
    // Every first sighting is an event: the list of every key of a listing (a copy of each,
    // read from its snapshot again) is only worth making for a receiver.
    const bool changedWanted =
        isSignalConnected(QMetaMethod::fromSignal(&LockHistoryFeed::historyChanged));
    observations.reserve(std::size_t(locks.size()));
    counts.reserve(std::size_t(locks.size()));
    for (qsizetype from = 0; from < locks.size();) {
        if (locks[from].gone()) {
            observeRemoval(locks[from].key, KeyRemoval::vanished);
            ++from;
            continue;
        }
        observations.clear();
        for (qsizetype i = from; i < locks.size() && !locks[i].gone(); ++i)
            observations.push_back(observationOf(locks[i], holders));
        counts.resize(observations.size());
        m_history.observeCounted(observations, at, counts);
        for (std::size_t i = 0; i < counts.size(); ++i)
            note(locks[from + qsizetype(i)].key, counts[i], changedWanted);
        from += qsizetype(observations.size());
    }
    publish();
}

void LockHistoryFeed::observeTtls(const QList<TtlSample> &samples)
{
    const redislock::HistoryTime now = m_clock();
    const qint64 steadyNowMs = steadyClockMs();
    for (const TtlSample &sample : samples) {
        if (sample.ttlMs == -2) {
            observeRemoval(sample.key, KeyRemoval::vanished);
            continue;
        }
        note(sample.key, m_history.observeTtl(view(sample.key), sample.ttlMs,
                                              readAt(sample, now, steadyNowMs)));
    }
    publish();
}

void LockHistoryFeed::observeRemoval(const QByteArray &key, KeyRemoval reason)
{
    const redislock::HistoryTime at = m_clock();
    redislock::RemovalCause cause = causeOf(reason);
    const auto expected = m_operatorDeletes.constFind(key);
    if (expected != m_operatorDeletes.cend()) {
        // An expiry is the server's doing even while this app was deleting the key.
        if (reason != KeyRemoval::expired && at.steady - *expected < operatorDeleteWindow)
            cause = redislock::RemovalCause::operatorDelete;
        m_operatorDeletes.erase(expected);
    }
    note(key, m_history.removed(view(key), cause, at));
    publish();
}

void LockHistoryFeed::expectOperatorDelete(const QByteArray &key)
{
    m_operatorDeletes.insert(key, m_clock().steady);
}

void LockHistoryFeed::beginWatching()
{
    m_history.beginWatching();
}

void LockHistoryFeed::observeAction(const ActionResult &result)
{
    if (result.action != LockAction::forceRelease && result.action != LockAction::deleteRegardless)
        return;
    // Done: the removal is on its way (or was seen already). Anything else deleted nothing.
    if (result.outcome != ActionResult::Outcome::done)
        m_operatorDeletes.remove(result.key);
}

void LockHistoryFeed::clear()
{
    m_history = redislock::LockHistory(m_history.options());
    m_operatorDeletes.clear();
    m_changed.clear();
    m_anomalous.clear();
    Q_EMIT cleared();
}
