#pragma once

#include "session/lockaction.h"
#include "session/locksnapshot.h"

#include <redislock/lockhistory.h>

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

// The inspector's redislock::LockHistory, fed on the GUI thread from what the session observes:
// pages and re-reads of keys (locksFound), TTL re-syncs (ttlsResynced), removals with their
// reason (keyRemoved), and this app's own force-releases and deletes, which it labels as an
// operator's deletion. The history itself is plain and cheap to feed (a lookup per TTL sample);
// this class only converts, and tells which keys changed, so that the table's anomaly badge,
// the detail pane's timeline and the Busiest locks tab repaint what moved.
class LockHistoryFeed : public QObject
{
    Q_OBJECT

public:
    // Tests inject their own moments.
    using Clock = std::function<redislock::HistoryTime()>;

    explicit LockHistoryFeed(QObject *parent = nullptr);
    ~LockHistoryFeed() override;

    [[nodiscard]] const redislock::LockHistory &history() const { return m_history; }
    [[nodiscard]] const redislock::KeyHistory *find(const QByteArray &key) const;
    // The anomaly names of the key ("no-expiry", "late-refresh", ...), each once, oldest first.
    [[nodiscard]] QStringList anomalyNames(const QByteArray &key) const;
    [[nodiscard]] redislock::HistoryTime now() const { return m_clock(); }
    void setClock(Clock clock);

    // A scan of about `keys` keys starts (its estimate): the history makes room for them
    // at once, so that the listing's first sightings do not grow it step by step on the GUI
    // thread. Changes nothing of what it records. After clear(), which starts a new history.
    void reserve(std::size_t keys);

    // The longest one holder may keep a lock by refreshing it before it is flagged.
    void setMaxHold(std::chrono::milliseconds maxHold);
    [[nodiscard]] std::chrono::milliseconds maxHold() const;

public Q_SLOTS:
    void observeLocks(const QList<LockSnapshot> &locks);
    void observeTtls(const QList<TtlSample> &samples);
    void observeRemoval(const QByteArray &key, KeyRemoval reason);
    // This app is about to delete the key on the operator's order (force-release, delete): its
    // removal, whichever comes first of the keyspace event and the action's outcome, is told
    // as the operator's.
    void expectOperatorDelete(const QByteArray &key);
    // The first complete scan is done: a key that shows up from now on was taken while
    // watched (obtained), not found already held.
    void beginWatching();
    void observeAction(const ActionResult &result);
    // Another connection: what was observed belongs to the previous server.
    void clear();

Q_SIGNALS:
    // Keys with new events or anomalies.
    void historyChanged(const QList<QByteArray> &keys);
    // Keys with new anomalies (a subset of historyChanged's).
    void anomaliesChanged(const QList<QByteArray> &keys);
    void cleared();

private:
    // listChanged: false leaves the key out of historyChanged's list (nobody receives it).
    void note(const QByteArray &key, const redislock::ChangeCounts &changes,
              bool listChanged = true);
    void note(const QByteArray &key, const redislock::HistoryChanges &changes);
    void publish();

    redislock::LockHistory m_history;
    Clock m_clock;
    // Keys this app is deleting, until their removal is seen or the action fails; with when
    // it was asked, so that a removal nobody saw is not mislabelled much later.
    QHash<QByteArray, std::chrono::steady_clock::time_point> m_operatorDeletes;
    QList<QByteArray> m_changed;
    QList<QByteArray> m_anomalous;
    QTimer m_pruneTimer;
};
