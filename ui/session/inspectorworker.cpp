#include "session/inspectorworker.h"

#include "session/keyeventlistener.h"
#include "session/scancontrol.h"

#include <redislock/auxkeys.h>

#include <QDateTime>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <utility>

using namespace std::chrono_literals;

namespace {

// Reads of a page or an event batch, like KeyScanner's: at most this much of each value.
constexpr std::size_t maxValueBytes = 4096;
// PTTLs per pipelined round trip of a re-sync.
constexpr qsizetype resyncBatch = 1000;
// What a scan is estimated to list, at most (keys): the plan, the table and the history reserve
// that much room.
constexpr qint64 maxKeysReserved = 1'000'000;

// How often the server info and latency are refreshed.
constexpr auto infoInterval = 3s;
// Periodic rescans to discover new keys: often when polling is all we have, rarely when keyspace
// events report new keys as they come.
constexpr auto pollingRescanInterval = 10s;
constexpr auto notifiedRescanInterval = 60s;
constexpr auto maxReconnectDelay = 5s;
// How long a key found gone by a re-sync waits for its del/expired event.
constexpr auto vanishGrace = 500ms;
// How often the worker looks for keys due for a re-read: at most this long late.
constexpr auto resyncTick = 250ms;
// Keys whose events flow are re-read only by a sweep this slow (and near their expiry).
constexpr auto defaultSweepPeriod = 60s;
// A paced rescan may take this share of the command budget on average: the next one waits
// until its cost is paid back this many times over.
constexpr int rescanShare = 4;

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

std::string stdOf(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

// "key:value" lines of an INFO section.
QString infoField(const std::string &info, std::string_view field)
{
    const std::string needle = std::string(field) + ":";
    std::size_t at = 0;
    while ((at = info.find(needle, at)) != std::string::npos) {
        if (at == 0 || info[at - 1] == '\n') {
            const auto begin = at + needle.size();
            const auto end = info.find_first_of("\r\n", begin);
            return fromStd(info.substr(begin, end == std::string::npos ? end : end - begin));
        }
        at += needle.size();
    }
    return {};
}

// Live updates need key events (E) for generic commands (g: del, expire), strings ($: set)
// and expiry (x); A stands for all classes.
bool notificationsSuffice(const std::string &flags)
{
    const auto has = [&flags](char flag) {
        return flags.find(flag) != std::string::npos;
    };
    return has('E') && (has('A') || (has('g') && has('$') && has('x')));
}

// A connection that broke or could not be made: worth reconnecting.
bool connectionLost(const redislock::Error &error)
{
    return error == redislock::Errc::connectionFailed || error == redislock::Errc::timeout ||
           error == redislock::Errc::connectionClosed;
}

QString slotRangesText(const std::vector<redislock::SlotRange> &ranges)
{
    QStringList parts;
    for (const auto &range : ranges)
        parts << (range.first == range.last
                      ? QString::number(range.first)
                      : QStringLiteral("%1-%2").arg(range.first).arg(range.last));
    return parts.join(u',');
}

} // namespace

qint64 estimatedScanSize(qint64 databaseKeys, qint64 firstPageKeys, qint64 pageCount, bool finished)
{
    if (finished || databaseKeys <= 0)
        return firstPageKeys;
    // SCAN looks at pageCount of the server's hash buckets, which hold between half a key and a
    // key each on average (the server doubles its table when it is full): the page looked at
    // pageCount / 2 keys at least. Counting that, the estimate errs high (at most twice), rarely
    // low; a database smaller than that was looked at whole.
    const qint64 looked = std::clamp<qint64>(databaseKeys, 1, std::max<qint64>(pageCount / 2, 1));
    const double share = std::min(1.0, double(firstPageKeys) / double(looked));
    return std::clamp<qint64>(qint64(std::ceil(double(databaseKeys) * share)), firstPageKeys,
                              std::max(maxKeysReserved, firstPageKeys));
}

// The client calls its topology observer on whichever thread noticed the change; this relay
// posts it to the worker's thread, and the worker's destructor cuts it off under the same
// mutex, so that no call can reach a worker on its way out.
struct InspectorWorker::TopologyRelay
{
    std::mutex mutex;
    InspectorWorker *target = nullptr;
};

InspectorWorker::InspectorWorker(redislock::Client client, ConnectionProfile profile,
                                 std::stop_token stop, std::shared_ptr<ScanControl> scans)
    : client_(std::move(client)), profile_(std::move(profile)),
      glob_(profile_.effectivePattern().toUtf8()), stop_(std::move(stop)), scans_(std::move(scans))
{
    clock_.start();
    policy_.pollPeriodMs = resyncInterval_.count();
    policy_.sweepPeriodMs = std::chrono::milliseconds(defaultSweepPeriod).count();
    plan_.setPolicy(policy_, clock_.elapsed());
}

InspectorWorker::~InspectorWorker()
{
    if (relay_) {
        const std::scoped_lock lock(relay_->mutex);
        relay_->target = nullptr;
    }
    client_.setTopologyObserver({});
    for (NodeListener &slot : listeners_)
        stopListener(slot);
    stopListener(sentinelListener_);
}

void InspectorWorker::stopListener(NodeListener &slot)
{
    if (!slot.thread)
        return;
    slot.listener->requestStop();
    slot.thread->quit();
    slot.thread->wait(); // within one poll slice of the listener's read
    delete slot.listener;
    delete slot.thread;
    slot = {};
}

void InspectorWorker::start()
{
    // Created here, on the worker's thread, so that they fire here.
    const auto timer = [this](auto slot, std::chrono::milliseconds interval, bool singleShot) {
        auto *created = new QTimer(this);
        created->setInterval(interval);
        created->setSingleShot(singleShot);
        connect(created, &QTimer::timeout, this, slot);
        return created;
    };
    resyncTimer_ = timer(&InspectorWorker::resync,
                         std::min<std::chrono::milliseconds>(resyncInterval_, resyncTick), false);
    infoTimer_ = timer(&InspectorWorker::refreshServerInfo, infoInterval, false);
    rescanTimer_ = timer(&InspectorWorker::autoScan, pollingRescanInterval, false);
    reconnectTimer_ = timer(&InspectorWorker::tryReconnect, reconnectDelay_, true);
    readTimer_ = timer(&InspectorWorker::readPendingKeys, 20ms, true);
    vanishTimer_ = timer(&InspectorWorker::reportVanished, vanishGrace, true);
    scanPaceTimer_ = timer(&InspectorWorker::scanStep, 0ms, true);
    relay_ = std::make_shared<TopologyRelay>();
    relay_->target = this;
    client_.setTopologyObserver([relay = relay_](const redislock::TopologyEvent &) {
        const std::scoped_lock lock(relay->mutex);
        if (relay->target)
            QMetaObject::invokeMethod(relay->target, &InspectorWorker::onTopologyEvent,
                                      Qt::QueuedConnection);
    });
    connectNow();
}

void InspectorWorker::connectNow()
{
    redislock::Error error;
    auto info = readServerInfo(error);
    if (!info) {
        if (error == redislock::Errc::cancelled)
            return;
        state_ = State::disconnected;
        const QString message =
            tr("Cannot connect to %1: %2").arg(profile_.displayName(), fromStd(error.message()));
        // The error first: the session lets go of this worker when it hears "disconnected".
        Q_EMIT errorOccurred(message);
        Q_EMIT stateChanged(state_, message);
        return;
    }
    info_ = *info;
    enterConnected(tr("Connected to %1 (Redis %2)").arg(profile_.displayName(), info_.version));
}

void InspectorWorker::enterConnected(const QString &message)
{
    state_ = State::connected;
    reconnectDelay_ = 250ms;
    // With new listeners, the first scan waits until they are subscribed (or have failed to),
    // so that no key set in between slips past both the scan and the events.
    syncListeners();
    updateLiveMasters(false);
    renotifyPlan();
    // Whatever happened while we were away was not heard: every key is re-read once, paced.
    plan_.dueAll(clock_.elapsed());
    updateResyncInfo(false);
    Q_EMIT stateChanged(state_, message);
    Q_EMIT serverInfoChanged(info_);
    updateRescanInterval();
    resyncTimer_->start();
    infoTimer_->start();
    rescanTimer_->start();
    if (client_.deployment() == redislock::Deployment::sentinel && !sentinelListener_.thread)
        startSentinelListener();
    if (!awaitingListeners_)
        autoScan();
}

std::optional<ServerInfo> InspectorWorker::readServerInfo(redislock::Error &error)
{
    ServerInfo info;
    info.deployment = client_.deployment();
    // Who serves what: on a cluster the map read afresh (a failover is seen even before a
    // command of ours is redirected), elsewhere the master the client uses.
    QStringList masters;
    QHash<QString, QString> servedBy;
    std::optional<redislock::ClusterTopology> topology;
    if (info.deployment != redislock::Deployment::standalone) {
        if (auto read = client_.topology(context()))
            topology = std::move(*read);
        else if (read.error() == redislock::Errc::cancelled) {
            error = read.error();
            return std::nullopt;
        }
    }
    if (info.deployment == redislock::Deployment::cluster && topology) {
        for (const auto &shard : topology->shards) {
            if (shard.slots.empty())
                continue;
            const QString master = fromStd(shard.master.address());
            masters << master;
            servedBy.insert(slotRangesText(shard.slots), master);
            info.replicas += int(shard.replicas.size());
        }
    }
    if (masters.isEmpty()) {
        auto listed = client_.masters(context());
        if (!listed) {
            error = listed.error();
            return std::nullopt;
        }
        for (const auto &master : *listed)
            masters << fromStd(master);
        if (topology && info.deployment == redislock::Deployment::sentinel)
            for (const auto &shard : topology->shards)
                info.replicas += int(shard.replicas.size());
        if (info.deployment == redislock::Deployment::sentinel && !masters.isEmpty())
            servedBy.insert(fromStd(client_.connectionOptions().masterName), masters.front());
    }
    // CONFIG may be refused (ACL, renamed command): then notifications are unknown, and we poll.
    // Keyspace events are per node, so every master is asked.
    QHash<QString, bool> notifying;
    bool answered = false;
    for (const QString &master : std::as_const(masters)) {
        auto replies = client_.pipelineOn(master.toStdString(),
                                          {{"INFO", "server"},
                                           {"INFO", "replication"},
                                           {"DBSIZE"},
                                           {"CONFIG", "GET", "notify-keyspace-events"}},
                                          context());
        if (!replies) {
            // On a cluster one master down does not make the others unreadable: it shows as
            // polled until the cluster has failed it over (the map changes then).
            if (info.deployment != redislock::Deployment::cluster ||
                replies.error() == redislock::Errc::cancelled) {
                error = replies.error();
                return std::nullopt;
            }
            error = replies.error();
            notifying.insert(master, false);
            continue;
        }
        const auto &server = (*replies)[0];
        if (!answered) {
            // A user whose ACL refuses INFO or DBSIZE can still inspect: those fields stay
            // empty.
            info.version = infoField(server.text, "redis_version");
            info.mode = infoField(server.text, "redis_mode");
            info.role = infoField((*replies)[1].text, "role");
        }
        answered = true;
        info.keys += (*replies)[2].isError() ? 0 : (*replies)[2].integer;
        if (!topology || info.deployment == redislock::Deployment::standalone)
            info.replicas += infoField((*replies)[1].text, "connected_slaves").toInt();
        const auto &config = (*replies)[3];
        notifying.insert(master, !config.isError() && config.elements.size() == 2 &&
                                     notificationsSuffice(config.elements[1].text));
    }
    if (!answered)
        return std::nullopt; // error is the last node's
    // Timed after the pipelines, on a connection that is open by now: a round trip, not a
    // connection set-up.
    const auto started = std::chrono::steady_clock::now();
    if (auto pong = client_.ping(context()); !pong) {
        error = pong.error();
        return std::nullopt;
    }
    const std::chrono::duration<double, std::milli> latency =
        std::chrono::steady_clock::now() - started;
    info.db = client_.connectionOptions().db;
    info.latencyMs = latency.count();
    info.masters = int(masters.size());
    info.keyspaceNotifications =
        std::any_of(notifying.cbegin(), notifying.cend(), [](bool on) { return on; });
    if (info.deployment == redislock::Deployment::sentinel) {
        info.masterName = fromStd(client_.connectionOptions().masterName);
        info.masterAddress = masters.value(0);
    }
    notifying_ = std::move(notifying);
    const QHash<QString, QString> before = std::exchange(servedBy_, std::move(servedBy));
    if (!before.isEmpty())
        noticeFailovers(before);
    return info;
}

void InspectorWorker::refreshServerInfo()
{
    if (state_ != State::connected)
        return;
    redislock::Error error;
    auto info = readServerInfo(error);
    if (!info) {
        handleError(error, tr("Reading the server info"));
        return;
    }
    info_ = *info;
    // Someone turned notifications on (listen from now on), or off, or another node became a
    // master: the listeners follow, and the polling interval with them.
    syncListeners();
    updateLiveMasters(false);
    renotifyPlan();
    updateResyncInfo(false);
    Q_EMIT serverInfoChanged(info_);
    updateRescanInterval();
}

bool InspectorWorker::handleError(const redislock::Error &error, const QString &doing)
{
    if (error == redislock::Errc::cancelled)
        return true;
    if (!connectionLost(error)) {
        Q_EMIT errorOccurred(tr("%1 failed: %2").arg(doing, fromStd(error.message())));
        return true;
    }
    if (state_ != State::connected)
        return false;
    state_ = State::reconnecting;
    resyncTimer_->stop();
    infoTimer_->stop();
    rescanTimer_->stop();
    readTimer_->stop();
    scanPaceTimer_->stop();
    pendingReads_.clear();
    if (scanner_)
        endScan(false);
    Q_EMIT stateChanged(state_, tr("Lost the connection to %1 (%2); reconnecting…")
                                    .arg(profile_.displayName(), fromStd(error.message())));
    reconnectTimer_->start(reconnectDelay_);
    return false;
}

void InspectorWorker::tryReconnect()
{
    if (state_ != State::reconnecting || stop_.stop_requested())
        return;
    redislock::Error error;
    auto info = readServerInfo(error);
    if (!info) {
        if (error == redislock::Errc::cancelled)
            return;
        reconnectDelay_ =
            std::min<std::chrono::milliseconds>(reconnectDelay_ * 2, maxReconnectDelay);
        reconnectTimer_->start(reconnectDelay_);
        return;
    }
    info_ = *info;
    enterConnected(tr("Reconnected to %1").arg(profile_.displayName()));
}

void InspectorWorker::setResyncInterval(std::chrono::milliseconds interval)
{
    resyncInterval_ = std::max<std::chrono::milliseconds>(interval, 10ms);
    policy_.pollPeriodMs = resyncInterval_.count();
    applyPolicy();
}

void InspectorWorker::setSweepPeriod(std::chrono::milliseconds period)
{
    policy_.sweepPeriodMs = std::max<std::chrono::milliseconds>(period, 10ms).count();
    applyPolicy();
}

void InspectorWorker::setCommandBudget(int commandsPerSecond)
{
    policy_.budget = std::max(commandsPerSecond, 1);
    applyPolicy();
}

void InspectorWorker::applyPolicy()
{
    plan_.setPolicy(policy_, clock_.elapsed());
    if (resyncTimer_)
        resyncTimer_->setInterval(std::min<std::chrono::milliseconds>(
            {resyncInterval_, std::chrono::milliseconds(policy_.sweepPeriodMs), resyncTick}));
    updateResyncInfo(state_ == State::connected);
}

void InspectorWorker::startScan(std::stop_token token)
{
    if (state_ != State::connected)
        return; // a scan follows every (re)connect anyway
    if (scanner_)
        endScan(false); // the operator asked for a fresh one
    scanPaced_ = false;
    scanSized_ = false;
    scanCommands_ = 0;

    redislock::ScanOptions options;
    options.pattern = profile_.effectivePattern().toStdString();
    options.customTokenLength = std::size_t(std::max(0, profile_.customTokenLength));
    options.maxValueBytes = maxValueBytes;
    scanner_.emplace(client_, options);
    scanStop_ = std::move(token);
    Q_EMIT scanStarted();
    QMetaObject::invokeMethod(this, &InspectorWorker::scanStep, Qt::QueuedConnection);
}

void InspectorWorker::autoScan()
{
    // A scan of the worker's own (periodic, after a reconnect) lets a running one finish.
    if (state_ != State::connected || scanner_)
        return;
    // The first listing goes at full speed: the operator is waiting for it. Later ones only
    // look for what events may have missed, and keep to the command budget.
    const bool paced = plan_.size() > 0;
    startScan(scans_->begin());
    scanPaced_ = paced && scanner_.has_value();
}

void InspectorWorker::scanStep()
{
    if (!scanner_)
        return;
    if (scanStop_.stop_requested() || stop_.stop_requested()) {
        endScan(false);
        return;
    }
    auto page = scanner_->next(redislock::Context(scanStop_));
    if (!page) {
        const auto error = page.error();
        endScan(false);
        handleError(error, tr("Scanning"));
        return;
    }
    // The scanner has read, parsed and classified the page on a thread of its own, and is
    // reading the next one meanwhile: what is left here is per key, so it is kept lean (records
    // moved from, one key set: the plan's).
    const qsizetype keys = qsizetype(page->size());
    const QList<LockSnapshot> locks = LockSnapshot::fromRecords(*page);
    // Its records go back to the scanner, to be refilled on its thread: freeing them here and
    // allocating again there was a tenth of this thread's work.
    scanner_->recycle(std::move(*page));
    if (!scanSized_) {
        scanSized_ = true;
        // The plan grows once, to about what the scan lists: not to the whole database, which
        // for a narrow pattern on a large one is memory it never uses.
        const qint64 estimate = estimatedScanSize(
            info_.keys, keys, qint64(redislock::ScanOptions().count), scanner_->finished());
        plan_.reserve(qsizetype(estimate));
        Q_EMIT scanSized(quint64(estimate));
    }
    noteFound(locks);
    if (!locks.isEmpty())
        Q_EMIT locksFound(locks);
    Q_EMIT scanProgress(scanner_->scanned());
    // SCAN, then a value and a TTL read per key: what the page cost the server, about.
    const qint64 now = clock_.elapsed();
    const qint64 cost = 1 + 2 * qint64(keys);
    scanCommands_ += quint64(cost);
    if (scanner_->finished()) {
        // The next periodic rescan waits until this one's cost is paid back several times
        // over, so that with very many keys rescans take a small share of the budget.
        minRescanInterval_ = std::chrono::milliseconds(qint64(scanCommands_) * 1000 * rescanShare /
                                                       std::max(policy_.budget, 1));
        updateRescanInterval();
        endScan(true);
        updateResyncInfo(true);
        return;
    }
    if (scanPaced_) {
        plan_.spend(cost, now);
        const double owed = -plan_.available(now);
        if (owed > 0) {
            scanPaceTimer_->start(std::chrono::milliseconds(
                qint64(std::ceil(owed * 1000.0 / double(std::max(policy_.budget, 1))))));
            return;
        }
    }
    QMetaObject::invokeMethod(this, &InspectorWorker::scanStep, Qt::QueuedConnection);
}

void InspectorWorker::endScan(bool complete)
{
    const quint64 scanned = scanner_ ? scanner_->scanned() : 0;
    scanner_.reset();
    scanPaceTimer_->stop();
    scanPaced_ = false;
    Q_EMIT scanFinished(complete, scanned);
}

void InspectorWorker::resync()
{
    if (state_ != State::connected || plan_.size() == 0)
        return;
    // What the plan says is due, within the command budget: the keys near their expiry first,
    // then the sweep (or, polling, the whole set as often as the budget allows).
    QList<QByteArray> gone;
    for (;;) {
        const QList<ResyncPlan::Due> keys = plan_.takeDue(clock_.elapsed(), resyncBatch);
        if (keys.isEmpty())
            break;
        std::vector<std::vector<std::string>> commands;
        commands.reserve(std::size_t(keys.size()));
        for (const ResyncPlan::Due &due : keys)
            commands.push_back({"PTTL", stdOf(due.key)});
        auto replies = client_.pipeline(commands, context());
        if (!replies) {
            handleError(replies.error(), tr("Re-reading ttls"));
            return;
        }
        const qint64 readAt = clock_.elapsed();
        const qint64 readAtSteady = steadyClockMs();
        QList<TtlSample> samples;
        samples.reserve(keys.size());
        for (qsizetype i = 0; i < keys.size(); ++i) {
            const auto &reply = (*replies)[std::size_t(i)];
            if (reply.isError())
                continue;
            if (reply.integer == -2) {
                gone.append(keys[i].key);
                continue;
            }
            // A notified key's changes come as events; a re-read that agrees with its last one
            // tells the table nothing it does not count down already (and a notified row shows
            // no read time). At a million keys these were most of an idle window's GUI work.
            const auto reading = plan_.noteRead(keys[i], reply.integer, readAt);
            if (!(reading.notified && reading.asPredicted))
                samples.append(TtlSample{keys[i].key, reply.integer, readAtSteady});
        }
        // One signal per round trip, not one for every key: applying 100,000 samples at once
        // held the GUI thread for 50-200 ms each second; a batch takes about a millisecond, and
        // the countdown and input get their turns in between.
        if (!samples.isEmpty())
            Q_EMIT ttlsResynced(samples);
    }
    for (const QByteArray &key : std::as_const(gone)) {
        if (plan_.isNotified(key)) {
            if (!pendingVanished_.contains(key))
                pendingVanished_.insert(key, clock_.elapsed());
        } else {
            removeKnown(key, KeyRemoval::vanished);
        }
    }
    if (!pendingVanished_.isEmpty() && !vanishTimer_->isActive())
        vanishTimer_->start();
}

bool InspectorWorker::notifiedNode(const QString &node) const
{
    if (eventsFlow())
        return true;
    // On a cluster each master publishes its own keys' events: some may, some not.
    const auto listener = listeners_.constFind(node);
    return listener != listeners_.cend() && listener->subscribed;
}

void InspectorWorker::renotifyPlan()
{
    plan_.renotify([this](const QByteArray &, const QString &node) { return notifiedNode(node); });
    updateResyncInfo(false);
}

void InspectorWorker::updateResyncInfo(bool announce)
{
    const qint64 cycle = plan_.cycleMs();
    const qint64 sweep = plan_.sweepCycleMs();
    // The figure is "about": a change below a tenth is not news for the status bar.
    const auto moved = [](qint64 before, qint64 now) {
        return (before == 0) != (now == 0) || std::abs(now - before) * 10 > before;
    };
    const bool changed = moved(info_.resyncCycleMs, cycle) || moved(info_.sweepCycleMs, sweep) ||
                         info_.resyncBudget != policy_.budget;
    info_.resyncCycleMs = cycle;
    info_.sweepCycleMs = sweep;
    info_.resyncBudget = policy_.budget;
    if (announce && changed && state_ == State::connected)
        Q_EMIT serverInfoChanged(info_);
}

void InspectorWorker::reportVanished()
{
    const qint64 due = clock_.elapsed() - qint64(vanishGrace.count());
    for (auto it = pendingVanished_.begin(); it != pendingVanished_.end();) {
        if (it.value() <= due) {
            const QByteArray key = it.key();
            it = pendingVanished_.erase(it);
            removeKnown(key, KeyRemoval::vanished);
        } else {
            ++it;
        }
    }
    if (!pendingVanished_.isEmpty())
        vanishTimer_->start();
}

void InspectorWorker::removeKnown(const QByteArray &key, KeyRemoval reason)
{
    pendingVanished_.remove(key);
    if (plan_.remove(key))
        Q_EMIT keyRemoved(key, reason);
}

void InspectorWorker::noteFound(const QList<LockSnapshot> &locks)
{
    const qint64 now = clock_.elapsed();
    // A page's keys share a node or a few: whether its events flow is looked up once a run.
    const QString *node = nullptr;
    bool notified = false;
    for (const LockSnapshot &lock : locks) {
        if (!node || lock.node != *node) {
            node = &lock.node;
            notified = notifiedNode(lock.node);
        }
        if (!pendingVanished_.isEmpty())
            pendingVanished_.remove(lock.key);
        plan_.note(lock.key, lock.node, lock.ttlMs, notified, now);
    }
}

void InspectorWorker::syncListeners()
{
    for (auto it = listeners_.begin(); it != listeners_.end();) {
        if (notifying_.value(it.key())) {
            ++it;
            continue;
        }
        stopListener(it.value());
        it = listeners_.erase(it);
    }
    for (auto it = notifying_.cbegin(); it != notifying_.cend(); ++it) {
        if (it.value() && !listeners_.contains(it.key()))
            startListener(it.key());
    }
}

void InspectorWorker::startListener(const QString &node)
{
    NodeListener slot;
    slot.listener = new KeyEventListener(client_, client_.connectionOptions().db, node, stop_);
    slot.thread = new QThread;
    slot.thread->setObjectName(QStringLiteral("KeyEventListener"));
    slot.listener->moveToThread(slot.thread);
    listeners_.insert(node, slot);
    // Before the first scan, it waits for every listener's first word.
    if (state_ == State::connected && !scanner_ && plan_.size() == 0)
        awaitingListeners_ = true;
    connect(slot.listener, &KeyEventListener::keyEvent, this, &InspectorWorker::onKeyEvent);
    connect(slot.listener, &KeyEventListener::subscribed, this, [this, node](bool) {
        auto it = listeners_.find(node);
        if (it == listeners_.end())
            return;
        it->subscribed = true;
        it->awaited = false;
        updateLiveMasters(true);
        renotifyPlan();
        // A delete while we were not listening is found by no scan: re-read every key once.
        if (plan_.size() > 0)
            plan_.dueAll(clock_.elapsed());
        updateRescanInterval();
        // Events published while we were not subscribed are lost: look again.
        onListenerWord();
    });
    connect(slot.listener, &KeyEventListener::lost, this, [this, node](const QString &) {
        auto it = listeners_.find(node);
        if (it == listeners_.end())
            return;
        it->subscribed = false;
        const bool first = std::exchange(it->awaited, false);
        updateLiveMasters(true);
        renotifyPlan();
        updateRescanInterval();
        if (first)
            onListenerWord(); // polling it is, for that master
    });
    slot.thread->start();
    QMetaObject::invokeMethod(slot.listener, &KeyEventListener::run, Qt::QueuedConnection);
}

void InspectorWorker::onListenerWord()
{
    if (awaitingListeners_) {
        const bool allHeard = std::none_of(listeners_.cbegin(), listeners_.cend(),
                                           [](const NodeListener &l) { return l.awaited; });
        if (!allHeard)
            return;
        awaitingListeners_ = false;
    }
    autoScan();
}

void InspectorWorker::startSentinelListener()
{
    NodeListener &slot = sentinelListener_;
    slot.listener = KeyEventListener::forSentinels(client_, stop_);
    slot.thread = new QThread;
    slot.thread->setObjectName(QStringLiteral("SentinelListener"));
    slot.listener->moveToThread(slot.thread);
    connect(slot.listener, &KeyEventListener::masterSwitched, this,
            [this](const QString &from, const QString &to) {
                announceFailover(from, to, fromStd(client_.connectionOptions().masterName));
                // Reads follow the client, which asks the Sentinels again; the listeners and
                // the table follow the re-read.
                refreshServerInfo();
                autoScan();
            });
    slot.thread->start();
    QMetaObject::invokeMethod(slot.listener, &KeyEventListener::run, Qt::QueuedConnection);
}

void InspectorWorker::updateLiveMasters(bool announce)
{
    int live = 0;
    QStringList polled;
    for (auto it = notifying_.cbegin(); it != notifying_.cend(); ++it) {
        const auto listener = listeners_.constFind(it.key());
        if (listener != listeners_.cend() && listener->subscribed)
            ++live;
        else
            polled << it.key();
    }
    polled.sort();
    if (live == info_.liveMasters && polled == info_.polledMasters)
        return;
    info_.liveMasters = live;
    info_.polledMasters = polled;
    if (announce && state_ == State::connected)
        Q_EMIT serverInfoChanged(info_);
}

void InspectorWorker::onTopologyEvent()
{
    // The client re-routed: read who serves what (which notices a failover), follow it with
    // the listeners, and rescan, so that every row says where its lock lives now.
    if (state_ != State::connected)
        return;
    refreshServerInfo();
    autoScan();
}

void InspectorWorker::noticeFailovers(const QHash<QString, QString> &before)
{
    for (auto it = servedBy_.cbegin(); it != servedBy_.cend(); ++it) {
        const QString was = before.value(it.key());
        if (!was.isEmpty() && was != it.value())
            announceFailover(was, it.value(), it.key());
    }
}

void InspectorWorker::announceFailover(const QString &from, const QString &to, const QString &what)
{
    // The Sentinels' "+switch-master" and the re-read that follows it tell the same story.
    if (to == lastAnnounced_)
        return;
    lastAnnounced_ = to;
    // Written to the audit log in English and shown translated, as the actions' outcomes are.
    ActionResult entry;
    entry.action = LockAction::failover;
    entry.connection = profile_.displayName();
    entry.outcome = ActionResult::Outcome::done;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.setMessage({QByteArrayLiteral("InspectorWorker"),
                      client_.deployment() == redislock::Deployment::cluster
                          ? QByteArray(QT_TR_NOOP("Failover: the master of slots %1 moved %2 → %3"))
                          : QByteArray(QT_TR_NOOP("Failover: %1 moved %2 → %3")),
                      {what, from, to}});
    Q_EMIT failoverNoticed(entry);
    // Every row of the failed-over master names it: read them all again where they live now.
    QMetaObject::invokeMethod(
        this, [this] { startScan(scans_->begin()); }, Qt::QueuedConnection);
}

void InspectorWorker::checkReplicas(const LockSnapshot &lock)
{
    ReplicaCheck check;
    check.key = lock.key;
    check.value = lock.value;
    auto copies = redislock::checkReplicas(client_, stdOf(lock.key), stdOf(lock.value), context());
    if (!copies) {
        if (copies.error() == redislock::Errc::cancelled)
            return;
        check.error = fromStd(copies.error().message());
        Q_EMIT replicasChecked(check);
        return;
    }
    for (const auto &copy : *copies) {
        ReplicaCopyState state;
        state.node = fromStd(copy.node);
        state.ttlMs = copy.ttlMs;
        state.lagBytes = copy.lagBytes;
        if (copy.error) {
            state.verdict = ReplicaCopyState::Verdict::unreachable;
            state.error = fromStd(copy.error->message());
        } else if (!copy.exists) {
            state.verdict = ReplicaCopyState::Verdict::notYet;
        } else {
            state.verdict = copy.sameValue ? ReplicaCopyState::Verdict::same
                                           : ReplicaCopyState::Verdict::differs;
        }
        check.replicas.append(state);
    }
    Q_EMIT replicasChecked(check);
}

namespace {

AuxKeyState auxKeyState(const redislock::AuxEntry &entry)
{
    const std::string_view kind = redislock::auxKindName(entry.aux.kind);
    return {QByteArray::fromStdString(entry.key),
            QByteArray::fromStdString(entry.aux.lockKey),
            QString::fromLatin1(kind.data(), qsizetype(kind.size())),
            QByteArray::fromStdString(entry.type),
            entry.ttlMs,
            entry.orphan,
            entry.memory};
}

} // namespace

void InspectorWorker::checkAuxKeys(const LockSnapshot &lock)
{
    AuxKeyCheck check;
    check.key = lock.key;
    auto found = redislock::readAuxKeys(client_, lock.toRecord(), context());
    if (!found) {
        if (found.error() == redislock::Errc::cancelled)
            return;
        check.error = fromStd(found.error().message());
    } else {
        for (const auto &entry : *found)
            check.keys.append(auxKeyState(entry));
    }
    Q_EMIT auxKeysChecked(check);
}

void InspectorWorker::scanAuxKeys()
{
    AuxKeyReport report;
    redislock::ScanOptions options;
    options.pattern = profile_.effectivePattern().toStdString();
    options.customTokenLength = std::size_t(std::max(0, profile_.customTokenLength));
    options.maxValueBytes = maxValueBytes;
    auto scanned = redislock::scanAuxKeys(client_, options, context());
    if (!scanned) {
        if (scanned.error() == redislock::Errc::cancelled)
            return;
        report.error = fromStd(scanned.error().message());
    } else {
        for (const auto &entry : scanned->entries)
            report.keys.append(auxKeyState(entry));
        report.orphans = qint64(scanned->orphans);
        report.orphanBytes = scanned->orphanBytes;
        report.sampled = qint64(scanned->sampled);
        report.estimated = scanned->estimated;
    }
    Q_EMIT auxKeysScanned(report);
}

void InspectorWorker::updateRescanInterval()
{
    // setInterval() restarts a running timer: only on a change, or the server-info re-read every
    // few seconds would postpone the polling rescan for ever.
    const std::chrono::milliseconds wanted = std::max<std::chrono::milliseconds>(
        eventsFlow() ? notifiedRescanInterval : pollingRescanInterval, minRescanInterval_);
    if (rescanTimer_->intervalAsDuration() != wanted)
        rescanTimer_->setInterval(wanted);
}

void InspectorWorker::onKeyEvent(const QByteArray &event, const QByteArray &key)
{
    if (!glob_.matches(key))
        return;
    // A Redisson lock is a hash: a holder entering, re-entering or leaving changes its fields
    // (hash events, when the server publishes them; a rescan finds them otherwise).
    if (event == "set" || event == "expire" || event == "hset" || event == "hincrby" ||
        event == "hdel") {
        pendingReads_.insert(key);
        if (!readTimer_->isActive())
            readTimer_->start();
    } else if (event == "del") {
        removeKnown(key, KeyRemoval::deleted);
    } else if (event == "expired") {
        removeKnown(key, KeyRemoval::expired);
    }
}

void InspectorWorker::readPendingKeys()
{
    if (state_ != State::connected || pendingReads_.isEmpty())
        return;
    const QList<QByteArray> keys = pendingReads_.values();
    pendingReads_.clear();
    redislock::Error error;
    bool ok = true;
    const QList<LockSnapshot> locks = readKeys(keys, error, ok);
    if (!ok) {
        handleError(error, tr("Reading changed keys"));
        return;
    }
    noteFound(locks);
    if (!locks.isEmpty())
        Q_EMIT locksFound(locks);
}

QList<LockSnapshot> InspectorWorker::readKeys(const QList<QByteArray> &keys,
                                              redislock::Error &error, bool &ok)
{
    // Read and classified exactly as a scan reads a page: one classification for all readers.
    redislock::ScanOptions options;
    options.customTokenLength = std::size_t(std::max(0, profile_.customTokenLength));
    options.maxValueBytes = maxValueBytes;
    std::vector<std::string> names;
    names.reserve(std::size_t(keys.size()));
    for (const QByteArray &key : keys)
        names.push_back(stdOf(key));
    auto records = redislock::readRecords(client_, names, options, context());
    if (!records) {
        error = records.error();
        ok = false;
        return {};
    }
    return LockSnapshot::fromRecords(*records);
}
