#include "session/inspectorworker.h"

#include "session/keyeventlistener.h"
#include "session/scancontrol.h"

#include <QTimer>

#include <algorithm>
#include <utility>

using namespace std::chrono_literals;

namespace {

// Reads of a page or an event batch, like KeyScanner's: at most this much of each value.
constexpr std::size_t maxValueBytes = 4096;
// PTTLs per pipelined round trip of a re-sync.
constexpr qsizetype resyncBatch = 1000;
// How often the server info and latency are refreshed.
constexpr auto infoInterval = 3s;
// Periodic rescans to discover new keys: often when polling is all we have, rarely when keyspace
// events report new keys as they come.
constexpr auto pollingRescanInterval = 10s;
constexpr auto notifiedRescanInterval = 60s;
constexpr auto maxReconnectDelay = 5s;
// How long a key found gone by a re-sync waits for its del/expired event.
constexpr auto vanishGrace = 500ms;

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

} // namespace

InspectorWorker::InspectorWorker(redislock::Client client, ConnectionProfile profile,
                                 std::stop_token stop, std::shared_ptr<ScanControl> scans)
    : client_(std::move(client)), profile_(std::move(profile)),
      glob_(profile_.effectivePattern().toUtf8()), stop_(std::move(stop)), scans_(std::move(scans))
{
    clock_.start();
}

InspectorWorker::~InspectorWorker()
{
    delete listener_; // stops and joins its thread
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
    resyncTimer_ = timer(&InspectorWorker::resync, resyncInterval_, false);
    infoTimer_ = timer(&InspectorWorker::refreshServerInfo, infoInterval, false);
    rescanTimer_ = timer(&InspectorWorker::autoScan, pollingRescanInterval, false);
    reconnectTimer_ = timer(&InspectorWorker::tryReconnect, reconnectDelay_, true);
    readTimer_ = timer(&InspectorWorker::readPendingKeys, 20ms, true);
    vanishTimer_ = timer(&InspectorWorker::reportVanished, vanishGrace, true);
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
    Q_EMIT stateChanged(state_, message);
    Q_EMIT serverInfoChanged(info_);
    updateRescanInterval();
    resyncTimer_->start();
    infoTimer_->start();
    rescanTimer_->start();
    // With a new listener, the first scan waits until it is subscribed (or has failed to), so
    // that no key set in between slips past both the scan and the events.
    if (info_.keyspaceNotifications && !listener_)
        startListener();
    else
        autoScan();
}

std::optional<ServerInfo> InspectorWorker::readServerInfo(redislock::Error &error)
{
    // CONFIG may be refused (ACL, renamed command): then notifications are unknown, and we poll.
    auto replies = client_.pipeline({{"INFO", "server"},
                                     {"INFO", "replication"},
                                     {"DBSIZE"},
                                     {"CONFIG", "GET", "notify-keyspace-events"}},
                                    context());
    if (!replies) {
        error = replies.error();
        return std::nullopt;
    }
    // Timed after the pipeline, on a connection that is open by now: a round trip, not a
    // connection set-up.
    const auto started = std::chrono::steady_clock::now();
    if (auto pong = client_.ping(context()); !pong) {
        error = pong.error();
        return std::nullopt;
    }
    const std::chrono::duration<double, std::milli> latency =
        std::chrono::steady_clock::now() - started;
    // A user whose ACL refuses INFO or DBSIZE can still inspect: those fields stay empty.
    ServerInfo info;
    const auto &server = (*replies)[0];
    info.version = infoField(server.text, "redis_version");
    info.mode = infoField(server.text, "redis_mode");
    info.role = infoField((*replies)[1].text, "role");
    info.db = client_.connectionOptions().db;
    info.keys = (*replies)[2].isError() ? 0 : (*replies)[2].integer;
    info.latencyMs = latency.count();
    const auto &config = (*replies)[3];
    info.keyspaceNotifications = !config.isError() && config.elements.size() == 2 &&
                                 notificationsSuffice(config.elements[1].text);
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
    const bool notificationsChanged = info->keyspaceNotifications != info_.keyspaceNotifications;
    info_ = *info;
    Q_EMIT serverInfoChanged(info_);
    // Someone turned notifications on: listen from now on. (When turned off, the listener
    // simply hears nothing, and the polling interval takes over below.)
    if (notificationsChanged) {
        if (info_.keyspaceNotifications && !listener_)
            startListener();
        updateRescanInterval();
    }
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
    if (resyncTimer_)
        resyncTimer_->setInterval(resyncInterval_);
}

void InspectorWorker::startScan(std::stop_token token)
{
    if (state_ != State::connected)
        return; // a scan follows every (re)connect anyway
    if (scanner_)
        endScan(false); // the operator asked for a fresh one

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
    if (state_ == State::connected && !scanner_)
        startScan(scans_->begin());
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
    QList<LockSnapshot> locks;
    locks.reserve(qsizetype(page->size()));
    for (const auto &record : *page) {
        locks.append(LockSnapshot::fromRecord(record));
        known_.insert(locks.back().key);
        pendingVanished_.remove(locks.back().key);
    }
    if (!locks.isEmpty())
        Q_EMIT locksFound(locks);
    Q_EMIT scanProgress(scanner_->scanned());
    if (scanner_->finished()) {
        endScan(true);
        return;
    }
    QMetaObject::invokeMethod(this, &InspectorWorker::scanStep, Qt::QueuedConnection);
}

void InspectorWorker::endScan(bool complete)
{
    const quint64 scanned = scanner_ ? scanner_->scanned() : 0;
    scanner_.reset();
    Q_EMIT scanFinished(complete, scanned);
}

void InspectorWorker::resync()
{
    if (state_ != State::connected || known_.isEmpty())
        return;
    QElapsedTimer took;
    took.start();
    const QList<QByteArray> keys = known_.values();
    QList<QByteArray> gone;
    for (qsizetype first = 0; first < keys.size(); first += resyncBatch) {
        const qsizetype count = std::min(resyncBatch, keys.size() - first);
        std::vector<std::vector<std::string>> commands;
        commands.reserve(std::size_t(count));
        for (qsizetype i = first; i < first + count; ++i)
            commands.push_back({"PTTL", stdOf(keys[i])});
        auto replies = client_.pipeline(commands, context());
        if (!replies) {
            handleError(replies.error(), tr("Re-reading ttls"));
            return;
        }
        QList<TtlSample> samples;
        samples.reserve(count);
        for (qsizetype i = 0; i < count; ++i) {
            const auto &reply = (*replies)[std::size_t(i)];
            if (reply.isError())
                continue;
            if (reply.integer == -2)
                gone.append(keys[first + i]);
            else
                samples.append(TtlSample{keys[first + i], reply.integer});
        }
        // One signal per round trip, not one for every key: applying 100,000 samples at once
        // held the GUI thread for 50-200 ms each second; a batch takes about a millisecond, and
        // the countdown and input get their turns in between.
        if (!samples.isEmpty())
            Q_EMIT ttlsResynced(samples);
    }
    // With very many keys a re-sync takes a while (about 0.3 s for 100,000 on loopback): keep
    // it to a third of the worker's time, so that scans, events and info still get their turn.
    resyncTimer_->setInterval(std::max<std::chrono::milliseconds>(
        resyncInterval_, std::chrono::milliseconds(3 * took.elapsed())));
    for (const QByteArray &key : std::as_const(gone)) {
        if (eventsFlow()) {
            if (!pendingVanished_.contains(key))
                pendingVanished_.insert(key, clock_.elapsed());
        } else {
            removeKnown(key, KeyRemoval::vanished);
        }
    }
    if (!pendingVanished_.isEmpty() && !vanishTimer_->isActive())
        vanishTimer_->start();
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
    if (known_.remove(key))
        Q_EMIT keyRemoved(key, reason);
}

void InspectorWorker::startListener()
{
    listener_ = new KeyEventListener(client_, client_.connectionOptions().db, stop_);
    connect(listener_, &KeyEventListener::keyEvent, this, &InspectorWorker::onKeyEvent);
    awaitingListener_ = true;
    connect(listener_, &KeyEventListener::subscribed, this, [this](bool resubscribed) {
        listening_ = true;
        updateRescanInterval();
        // Events published while we were not subscribed are lost: look again.
        if (resubscribed || std::exchange(awaitingListener_, false))
            autoScan();
    });
    connect(listener_, &KeyEventListener::lost, this, [this](const QString &) {
        listening_ = false;
        updateRescanInterval();
        if (std::exchange(awaitingListener_, false))
            autoScan(); // polling it is
    });
    listener_->start();
}

void InspectorWorker::updateRescanInterval()
{
    rescanTimer_->setInterval(eventsFlow() ? notifiedRescanInterval : pollingRescanInterval);
}

void InspectorWorker::onKeyEvent(const QByteArray &event, const QByteArray &key)
{
    if (!glob_.matches(key))
        return;
    if (event == "set" || event == "expire") {
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
    for (const auto &lock : locks) {
        known_.insert(lock.key);
        pendingVanished_.remove(lock.key);
    }
    if (!locks.isEmpty())
        Q_EMIT locksFound(locks);
}

QList<LockSnapshot> InspectorWorker::readKeys(const QList<QByteArray> &keys,
                                              redislock::Error &error, bool &ok)
{
    // As KeyScanner reads a page: GETRANGE + PTTL of each key in one round trip, then TYPE of
    // keys that are not strings and STRLEN of values longer than what was read.
    const std::string lastByte = std::to_string(maxValueBytes - 1);
    std::vector<std::vector<std::string>> reads;
    reads.reserve(std::size_t(2 * keys.size()));
    for (const QByteArray &key : keys) {
        reads.push_back({"GETRANGE", stdOf(key), "0", lastByte});
        reads.push_back({"PTTL", stdOf(key)});
    }
    auto replies = client_.pipeline(reads, context());
    if (!replies) {
        error = replies.error();
        ok = false;
        return {};
    }
    const auto tokenLength = std::size_t(std::max(0, profile_.customTokenLength));
    std::vector<redislock::LockRecord> records;
    std::vector<std::vector<std::string>> followUps;
    std::vector<std::size_t> followUpRecords;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const auto &head = (*replies)[std::size_t(2 * i)];
        const auto &ttl = (*replies)[std::size_t(2 * i + 1)];
        if (ttl.isError() || ttl.integer == -2)
            continue; // gone again: its del or expired event follows
        redislock::LockRecord record;
        record.key = stdOf(keys[i]);
        record.ttlMs = ttl.integer;
        if (head.isError()) {
            followUps.push_back({"TYPE", record.key});
            followUpRecords.push_back(records.size());
        } else {
            record.value = head.text;
            record.valueSize = record.value.size();
            record.format = redislock::classifyValue(record.value, tokenLength);
            if (record.format == redislock::LockFormat::redislock)
                record.tokenLength = 22;
            else if (record.format == redislock::LockFormat::customToken)
                record.tokenLength = tokenLength;
            if (record.value.size() >= maxValueBytes) {
                followUps.push_back({"STRLEN", record.key});
                followUpRecords.push_back(records.size());
            }
        }
        records.push_back(std::move(record));
    }
    if (!followUps.empty()) {
        auto more = client_.pipeline(followUps, context());
        if (!more) {
            error = more.error();
            ok = false;
            return {};
        }
        for (std::size_t i = 0; i < followUps.size(); ++i) {
            auto &record = records[followUpRecords[i]];
            if (followUps[i][0] == "TYPE")
                record.type = (*more)[i].text;
            else
                record.valueSize = std::size_t((*more)[i].integer);
        }
    }
    QList<LockSnapshot> locks;
    locks.reserve(qsizetype(records.size()));
    for (const auto &record : records)
        locks.append(LockSnapshot::fromRecord(record));
    return locks;
}
