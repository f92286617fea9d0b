#include "session/inspectorsession.h"

#include "session/actionworker.h"
#include "session/inspectorworker.h"
#include "session/rediscommandtext.h"
#include "session/scancontrol.h"
#include "session/writegate.h"

#include <redislock/connectionoptions.h>
#include <redislock/forcerelease.h>
#include <redislock/lockscripts.h>

#include <QDateTime>
#include <QThread>

namespace {

QByteArray bytesOf(std::string_view text)
{
    return {text.data(), qsizetype(text.size())};
}

QByteArray number(qint64 value)
{
    return QByteArray::number(value);
}

void registerTypes()
{
    qRegisterMetaType<LockSnapshot>();
    qRegisterMetaType<QList<LockSnapshot>>();
    qRegisterMetaType<TtlSample>();
    qRegisterMetaType<QList<TtlSample>>();
    qRegisterMetaType<KeyRemoval>();
    qRegisterMetaType<ServerInfo>();
    qRegisterMetaType<ActionResult>();
    qRegisterMetaType<ObtainRequest>();
    qRegisterMetaType<ReplicaCheck>();
    qRegisterMetaType<AuxKeyCheck>();
    qRegisterMetaType<AuxKeyReport>();
    qRegisterMetaType<ConnectionState>();
    qRegisterMetaType<HeldLock>();
    qRegisterMetaType<QList<HeldLock>>();
}

ActionMessage say(const char *source, QStringList args = {})
{
    return {QByteArrayLiteral("InspectorSession"), QByteArray(source), std::move(args), -1};
}

} // namespace

struct InspectorSession::Generation
{
    ConnectionProfile profile;
    QString server; // ConnectionOptions::displayUrl(): the same server, whatever the URL's spelling
    // Owns every connection to the workers' signals: deleting it drops what they still queued.
    std::unique_ptr<QObject> context = std::make_unique<QObject>();
    std::stop_source stop; // cancels every call in flight
    std::shared_ptr<ScanControl> scans = std::make_shared<ScanControl>();
    QThread *readThread = nullptr;
    QThread *actionThread = nullptr;
    InspectorWorker *worker = nullptr;
    ActionWorker *actions = nullptr;
};

InspectorSession::InspectorSession(QObject *parent)
    : QObject(parent), gate_(std::make_shared<WriteGate>())
{
    registerTypes();
}

InspectorSession::~InspectorSession()
{
    retire(candidate_);
    retire(current_);
    // The only place that waits: each thread stops within one poll slice of its current call.
    for (const QPointer<QThread> &thread : std::as_const(retiring_))
        if (thread)
            thread->wait();
}

InspectorSession::State InspectorSession::state() const
{
    return state_;
}

const ConnectionProfile &InspectorSession::profile() const
{
    return profile_;
}

bool InspectorSession::isConnecting() const
{
    return candidate_ != nullptr;
}

bool InspectorSession::readOnly() const
{
    return appReadOnly_ || profile_.readOnly;
}

void InspectorSession::setReadOnly(bool readOnly)
{
    appReadOnly_ = readOnly;
    updateGate();
}

void InspectorSession::updateGate()
{
    gate_->setReadOnly(readOnly());
}

std::shared_ptr<const WriteGate> InspectorSession::writeGate() const
{
    return gate_;
}

bool InspectorSession::holds(const QByteArray &key) const
{
    return held_.contains(key);
}

std::optional<HeldLock> InspectorSession::heldLock(const QByteArray &key) const
{
    const auto found = held_.constFind(key);
    if (found == held_.cend())
        return std::nullopt;
    return *found;
}

QList<HeldLock> InspectorSession::heldLocks() const
{
    QList<HeldLock> locks = held_.values();
    std::ranges::sort(locks, {}, &HeldLock::key);
    return locks;
}

void InspectorSession::setState(State state, const QString &message)
{
    state_ = state;
    Q_EMIT stateChanged(state, message);
}

void InspectorSession::open(const ConnectionProfile &profile)
{
    retire(candidate_); // a newer choice replaces an attempt still on its way
    auto options = redislock::ConnectionOptions::fromUrl(profile.url.toStdString());
    if (!options) {
        const QString message =
            tr("Cannot open %1: %2")
                .arg(profile.displayName(), QString::fromStdString(options.error().message()));
        if (!current_) {
            profile_ = profile;
            updateGate();
            setState(State::disconnected, message);
        }
        Q_EMIT errorOccurred(message);
        return;
    }
    if (!profile.password.isEmpty())
        options->password = profile.password.toStdString();
    if (!profile.sentinelPassword.isEmpty())
        options->sentinelPassword = profile.sentinelPassword.toStdString();
    candidate_.reset(start(profile, *options));
    if (!current_) {
        profile_ = profile;
        updateGate();
        setState(State::connecting, tr("Connecting to %1…").arg(profile.displayName()));
    }
}

InspectorSession::Generation *InspectorSession::start(const ConnectionProfile &profile,
                                                      const redislock::ConnectionOptions &options)
{
    const redislock::Client client(options);
    auto *generation = new Generation;
    generation->profile = profile;
    generation->server = QString::fromStdString(options.displayUrl());
    generation->readThread = new QThread(this);
    generation->readThread->setObjectName(QStringLiteral("InspectorWorker"));
    generation->actionThread = new QThread(this);
    generation->actionThread->setObjectName(QStringLiteral("ActionWorker"));
    auto *worker =
        new InspectorWorker(client, profile, generation->stop.get_token(), generation->scans);
    worker->setResyncInterval(resyncInterval_);
    worker->setSweepPeriod(sweepPeriod_);
    worker->setCommandBudget(profile.effectiveResyncBudget(commandBudget_));
    auto *actions = new ActionWorker(client, profile, generation->stop.get_token(), gate_);
    generation->worker = worker;
    generation->actions = actions;
    worker->moveToThread(generation->readThread);
    actions->moveToThread(generation->actionThread);
    connect(generation->readThread, &QThread::finished, worker, &QObject::deleteLater);
    connect(generation->actionThread, &QThread::finished, actions, &QObject::deleteLater);

    // Everything arrives queued, through the generation's context object: once it is retired,
    // nothing it still had on its way is delivered. A worker says nothing but its state before it
    // has connected, so the signals below reach the operator only once it is current.
    QObject *context = generation->context.get();
    connect(worker, &InspectorWorker::stateChanged, context,
            [this, generation](State state, const QString &message) {
                onGenerationState(generation, state, message);
            });
    connect(worker, &InspectorWorker::serverInfoChanged, context,
            [this](const ServerInfo &info) { Q_EMIT serverInfoChanged(info); });
    connect(worker, &InspectorWorker::scanStarted, context, [this] { Q_EMIT scanStarted(); });
    connect(worker, &InspectorWorker::scanSized, context,
            [this](quint64 keys) { Q_EMIT scanSized(keys); });
    connect(worker, &InspectorWorker::scanProgress, context,
            [this](quint64 scanned) { Q_EMIT scanProgress(scanned); });
    connect(worker, &InspectorWorker::locksFound, context,
            [this, actions](const QList<LockSnapshot> &locks) {
                // A held key that now holds another (complete) value is probably lost: the
                // action worker asks the server, so that a stale read cannot drop a lock.
                if (!held_.isEmpty()) {
                    for (const LockSnapshot &lock : locks) {
                        const auto held = held_.constFind(lock.key);
                        if (held != held_.cend() && !lock.truncated() && lock.value != held->value)
                            QMetaObject::invokeMethod(
                                actions, [actions, key = lock.key] { actions->verifyHeld(key); },
                                Qt::QueuedConnection);
                    }
                }
                Q_EMIT locksFound(locks);
            });
    connect(worker, &InspectorWorker::scanFinished, context,
            [this](bool complete, quint64 scanned) { Q_EMIT scanFinished(complete, scanned); });
    connect(worker, &InspectorWorker::ttlsResynced, context,
            [this](const QList<TtlSample> &samples) { Q_EMIT ttlsResynced(samples); });
    connect(worker, &InspectorWorker::keyRemoved, context,
            [this, actions](const QByteArray &key, KeyRemoval reason) {
                if (held_.contains(key))
                    QMetaObject::invokeMethod(
                        actions, [actions, key] { actions->verifyHeld(key); },
                        Qt::QueuedConnection);
                Q_EMIT keyRemoved(key, reason);
            });
    connect(worker, &InspectorWorker::errorOccurred, context,
            [this](const QString &message) { Q_EMIT errorOccurred(message); });
    connect(worker, &InspectorWorker::failoverNoticed, context,
            [this](const ActionResult &entry) { Q_EMIT failoverNoticed(entry); });
    connect(worker, &InspectorWorker::replicasChecked, context,
            [this](const ReplicaCheck &check) { Q_EMIT replicasChecked(check); });
    connect(worker, &InspectorWorker::auxKeysChecked, context,
            [this](const AuxKeyCheck &check) { Q_EMIT auxKeysChecked(check); });
    connect(worker, &InspectorWorker::auxKeysScanned, context,
            [this](const AuxKeyReport &report) { Q_EMIT auxKeysScanned(report); });
    connect(actions, &ActionWorker::actionFinished, context,
            [this](const ActionResult &result) { Q_EMIT actionFinished(result); });
    connect(actions, &ActionWorker::heldChanged, context,
            [this](const QByteArray &key, bool held, const QByteArray &value, qint64 ttlMs) {
                onHeld(key, held, value, ttlMs);
            });

    generation->readThread->start();
    generation->actionThread->start();
    QMetaObject::invokeMethod(worker, &InspectorWorker::start, Qt::QueuedConnection);
    return generation;
}

void InspectorSession::onGenerationState(Generation *generation, State state,
                                         const QString &message)
{
    if (generation == candidate_.get()) {
        if (state == State::connected) {
            promote(generation);
            setState(state, message);
            return;
        }
        if (state == State::disconnected) {
            // The attempt failed: nothing left to do for these workers. A working connection
            // stays as it was; without one, writes are refused as "not connected".
            retire(candidate_);
            if (current_)
                Q_EMIT errorOccurred(
                    tr("%1; still connected to %2").arg(message, profile_.displayName()));
            else
                setState(state, message);
            return;
        }
    }
    setState(state, message);
}

void InspectorSession::promote(Generation *generation)
{
    Q_ASSERT(generation == candidate_.get());
    retire(current_);
    current_ = std::move(candidate_);
    profile_ = current_->profile;
    updateGate();
    Q_EMIT connectionChanged(profile_);
    // Locks this app left behind on this server may still be ours: the action worker checks
    // each against the server and they are held again if so.
    const QList<HeldLock> left = leftBehind_.take(current_->server);
    if (!left.isEmpty())
        QMetaObject::invokeMethod(
            current_->actions, [actions = current_->actions, left] { actions->reclaim(left); },
            Qt::QueuedConnection);
}

void InspectorSession::close()
{
    const bool wasOpen = current_ || candidate_;
    retire(candidate_);
    retire(current_);
    if (wasOpen || state_ != State::disconnected)
        setState(State::disconnected, tr("Disconnected from %1").arg(profile_.displayName()));
}

void InspectorSession::retire(std::unique_ptr<Generation> &generation)
{
    if (!generation)
        return;
    generation->context.reset(); // drops whatever it still has queued
    if (generation == current_) {
        // Locks held here stay on the server until their ttl runs out; this app lets go of
        // them, and remembers them for a later connection to the same server.
        const QList<HeldLock> held = heldLocks();
        held_.clear();
        if (!held.isEmpty())
            leftBehind_[generation->server] = held;
        for (const HeldLock &lock : held)
            Q_EMIT heldChanged(lock.key, false);
    }
    generation->stop.request_stop();
    generation->scans->cancel();
    for (QThread *thread : {generation->readThread, generation->actionThread}) {
        connect(thread, &QThread::finished, thread, &QObject::deleteLater);
        thread->quit();
        retiring_.append(thread);
    }
    retiring_.removeAll(nullptr);
    generation.reset();
}

void InspectorSession::onHeld(const QByteArray &key, bool held, const QByteArray &value,
                              qint64 ttlMs)
{
    const bool was = held_.contains(key);
    if (held)
        held_.insert(key, HeldLock{key, value, ttlMs});
    else
        held_.remove(key);
    if (was != held)
        Q_EMIT heldChanged(key, held);
}

void InspectorSession::rescan()
{
    if (!current_)
        return;
    QMetaObject::invokeMethod(
        current_->worker,
        [worker = current_->worker, token = current_->scans->begin()] { worker->startScan(token); },
        Qt::QueuedConnection);
}

void InspectorSession::cancelScan()
{
    if (current_)
        current_->scans->cancel();
}

void InspectorSession::setResyncInterval(std::chrono::milliseconds interval)
{
    resyncInterval_ = interval;
    for (const auto *generation : {current_.get(), candidate_.get()})
        if (generation)
            QMetaObject::invokeMethod(
                generation->worker,
                [worker = generation->worker, interval] { worker->setResyncInterval(interval); },
                Qt::QueuedConnection);
}

void InspectorSession::setSweepPeriod(std::chrono::milliseconds period)
{
    sweepPeriod_ = period;
    for (const auto *generation : {current_.get(), candidate_.get()})
        if (generation)
            QMetaObject::invokeMethod(
                generation->worker,
                [worker = generation->worker, period] { worker->setSweepPeriod(period); },
                Qt::QueuedConnection);
}

void InspectorSession::setCommandBudget(int commandsPerSecond)
{
    commandBudget_ = std::max(commandsPerSecond, 1);
    for (const auto *generation : {current_.get(), candidate_.get()})
        if (generation)
            QMetaObject::invokeMethod(
                generation->worker,
                [worker = generation->worker,
                 budget = generation->profile.effectiveResyncBudget(commandBudget_)] {
                    worker->setCommandBudget(budget);
                },
                Qt::QueuedConnection);
}

void InspectorSession::checkReplicas(const LockSnapshot &lock)
{
    if (!current_)
        return;
    QMetaObject::invokeMethod(
        current_->worker, [worker = current_->worker, lock] { worker->checkReplicas(lock); },
        Qt::QueuedConnection);
}

void InspectorSession::checkAuxKeys(const LockSnapshot &lock)
{
    if (!current_)
        return;
    QMetaObject::invokeMethod(
        current_->worker, [worker = current_->worker, lock] { worker->checkAuxKeys(lock); },
        Qt::QueuedConnection);
}

void InspectorSession::scanAuxKeys()
{
    if (!current_) {
        AuxKeyReport report;
        report.error = tr("Not connected");
        Q_EMIT auxKeysScanned(report);
        return;
    }
    QMetaObject::invokeMethod(
        current_->worker, [worker = current_->worker] { worker->scanAuxKeys(); },
        Qt::QueuedConnection);
}

ActionMessage InspectorSession::writeRefusalMessage() const
{
    if (!gate_->isOpen())
        return {QByteArrayLiteral("WriteGate"), WriteGate::refusalSource(), {}, -1};
    if (!current_)
        return say(QT_TR_NOOP("Refused: not connected"));
    return {};
}

QString InspectorSession::writeRefusal() const
{
    return writeRefusalMessage().translated();
}

quint64 InspectorSession::refuse(LockAction action, const QByteArray &key, const QByteArray &value,
                                 qint64 ttlMs, const ActionMessage &message)
{
    ActionResult result;
    result.id = ++nextId_;
    result.action = action;
    result.connection = profile_.displayName();
    result.key = key;
    result.value = value;
    result.outcome = ActionResult::Outcome::refused;
    result.setMessage(message);
    result.time = QDateTime::currentDateTimeUtc();
    result.ttlMs = ttlMs;
    QMetaObject::invokeMethod(
        this, [this, result] { Q_EMIT actionFinished(result); }, Qt::QueuedConnection);
    return result.id;
}

quint64 InspectorSession::obtain(const ObtainRequest &request)
{
    ActionMessage problem = writeRefusalMessage();
    if (problem.isEmpty())
        problem = ActionWorker::obtainProblemMessage(request);
    if (!problem.isEmpty())
        return refuse(LockAction::obtain, request.keys.value(0), request.token + request.metadata,
                      request.ttlMs, problem);
    const quint64 id = ++nextId_;
    QMetaObject::invokeMethod(
        current_->actions,
        [actions = current_->actions, id, request] { actions->obtain(id, request); },
        Qt::QueuedConnection);
    return id;
}

quint64 InspectorSession::refresh(const QByteArray &key, std::optional<qint64> ttl)
{
    // By default the ttl it was obtained with; a key not held is refused by the worker, and
    // 10 s is only what that refusal records.
    const qint64 ttlMs = ttl ? *ttl : (held_.contains(key) ? held_.value(key).ttlMs : 10000);
    ActionMessage problem = writeRefusalMessage();
    if (problem.isEmpty())
        problem = ActionWorker::keyProblemMessage(key);
    if (problem.isEmpty())
        problem = ActionWorker::ttlProblemMessage(ttlMs);
    if (!problem.isEmpty())
        return refuse(LockAction::refresh, key, held_.value(key).value, ttlMs, problem);
    const quint64 id = ++nextId_;
    QMetaObject::invokeMethod(
        current_->actions,
        [actions = current_->actions, id, key, ttlMs] { actions->refresh(id, key, ttlMs); },
        Qt::QueuedConnection);
    return id;
}

quint64 InspectorSession::release(const QByteArray &key)
{
    ActionMessage problem = writeRefusalMessage();
    if (problem.isEmpty())
        problem = ActionWorker::keyProblemMessage(key);
    if (!problem.isEmpty())
        return refuse(LockAction::release, key, held_.value(key).value, 0, problem);
    const quint64 id = ++nextId_;
    QMetaObject::invokeMethod(
        current_->actions, [actions = current_->actions, id, key] { actions->release(id, key); },
        Qt::QueuedConnection);
    return id;
}

quint64 InspectorSession::forceRelease(const QByteArray &key, const QByteArray &shownValue)
{
    LockSnapshot shown;
    shown.key = key;
    shown.value = shownValue;
    shown.valueSize = shownValue.size();
    shown.format = redislock::classifyValue(
        std::string_view(shownValue.constData(), std::size_t(shownValue.size())));
    return forceRelease(shown);
}

quint64 InspectorSession::forceRelease(const LockSnapshot &shown, const QByteArray &holderField)
{
    ActionMessage problem = writeRefusalMessage();
    if (problem.isEmpty())
        problem = ActionWorker::keyProblemMessage(shown.key);
    if (!problem.isEmpty())
        return refuse(LockAction::forceRelease, shown.key, shown.value, 0, problem);
    const quint64 id = ++nextId_;
    QMetaObject::invokeMethod(
        current_->actions,
        [actions = current_->actions, id, shown, holderField] {
            actions->forceRelease(id, shown, holderField);
        },
        Qt::QueuedConnection);
    return id;
}

quint64 InspectorSession::deleteRegardless(const QByteArray &key, const QByteArray &shownValue)
{
    ActionMessage problem = writeRefusalMessage();
    if (problem.isEmpty())
        problem = ActionWorker::keyProblemMessage(key);
    if (!problem.isEmpty())
        return refuse(LockAction::deleteRegardless, key, shownValue, 0, problem);
    const quint64 id = ++nextId_;
    QMetaObject::invokeMethod(
        current_->actions,
        [actions = current_->actions, id, key, shownValue] {
            actions->deleteRegardless(id, key, shownValue);
        },
        Qt::QueuedConnection);
    return id;
}

quint64 InspectorSession::setExpiry(const QByteArray &key, const QByteArray &shownValue,
                                    qint64 ttlMs)
{
    ActionMessage problem = writeRefusalMessage();
    if (problem.isEmpty())
        problem = ActionWorker::keyProblemMessage(key);
    if (problem.isEmpty())
        problem = ActionWorker::ttlProblemMessage(ttlMs);
    if (!problem.isEmpty())
        return refuse(LockAction::setExpiry, key, shownValue, ttlMs, problem);
    const quint64 id = ++nextId_;
    QMetaObject::invokeMethod(
        current_->actions,
        [actions = current_->actions, id, key, shownValue, ttlMs] {
            actions->setExpiry(id, key, shownValue, ttlMs);
        },
        Qt::QueuedConnection);
    return id;
}

QString InspectorSession::commandPreview(LockAction action, const LockSnapshot &lock) const
{
    const auto sha1 = [](redislock::LockScript script) {
        return bytesOf(redislock::scriptSha1(script));
    };
    // A lock this app holds is refreshed and released with the value it stored, which is also
    // what the table shows unless the snapshot is stale.
    const auto held = held_.constFind(lock.key);
    const QByteArray value = held != held_.cend() ? held->value : lock.value;
    const qint64 heldTtl = held != held_.cend() ? held->ttlMs : 0;
    switch (action) {
    case LockAction::obtain: {
        // As obtain sends it for this key, value and (remaining, else 30 s) ttl, unfenced.
        const qint64 ttl = lock.ttlMs > 0 ? lock.ttlMs : 30000;
        const int tokenLength = lock.tokenLength > 0 ? lock.tokenLength : 22;
        return RedisCommandText::command({"EVALSHA", sha1(redislock::LockScript::obtain), "1",
                                          lock.key, lock.value, number(tokenLength), number(ttl),
                                          "1"});
    }
    case LockAction::refresh: {
        const qint64 ttl = heldTtl > 0 ? heldTtl : (lock.ttlMs > 0 ? lock.ttlMs : 30000);
        return RedisCommandText::command(
            {"EVALSHA", sha1(redislock::LockScript::refresh), "1", lock.key, value, number(ttl)});
    }
    case LockAction::release:
        return RedisCommandText::command(
            {"EVALSHA", sha1(redislock::LockScript::release), "1", lock.key, value});
    case LockAction::forceRelease: {
        // Compare-and-delete against exactly what was shown, as the lock's library releases
        // (the core's command, with the script by its SHA1 as the other previews); for a
        // Redisson hash of several holders, the first one's removal (the dialog asks which).
        const redislock::LockRecord record = lock.toRecord();
        const std::string first = record.holders.size() > 1
                                      ? redislock::redissonField(record.holders.front())
                                      : std::string();
        const auto command = redislock::forceReleaseCommand(record, first);
        if (!command)
            return {};
        QList<QByteArray> arguments{"EVALSHA", sha1(redislock::LockScript::forceRelease)};
        for (std::size_t i = 2; i < command->size(); ++i)
            arguments.append(bytesOf((*command)[i]));
        return RedisCommandText::command(arguments);
    }
    case LockAction::deleteRegardless:
        return RedisCommandText::command({"DEL", lock.key});
    case LockAction::setExpiry:
        // Compare-and-PEXPIRE against the value shown; the ttl is asked when it runs.
        return RedisCommandText::command({"EVALSHA", sha1(redislock::LockScript::refresh), "1",
                                          lock.key, lock.value, "<ttl ms>"});
    case LockAction::harnessRun:
    case LockAction::failover:
        return {};
    }
    return {};
}
