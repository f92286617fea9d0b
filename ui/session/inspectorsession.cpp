#include "session/inspectorsession.h"

#include "session/actionworker.h"
#include "session/inspectorworker.h"
#include "session/rediscommandtext.h"
#include "session/scancontrol.h"

#include <redislock/connectionoptions.h>
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
    qRegisterMetaType<InspectorSession::State>();
}

} // namespace

InspectorSession::InspectorSession(QObject *parent)
    : QObject(parent), readOnlyFlag_(std::make_shared<std::atomic<bool>>(false))
{
    registerTypes();
}

InspectorSession::~InspectorSession()
{
    retireWorkers();
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

bool InspectorSession::readOnly() const
{
    return appReadOnly_ || profile_.readOnly;
}

void InspectorSession::setReadOnly(bool readOnly)
{
    appReadOnly_ = readOnly;
    readOnlyFlag_->store(this->readOnly());
}

bool InspectorSession::holds(const QByteArray &key) const
{
    return held_.contains(key);
}

void InspectorSession::setState(State state, const QString &message)
{
    state_ = state;
    Q_EMIT stateChanged(state, message);
}

void InspectorSession::open(const ConnectionProfile &profile)
{
    retireWorkers();
    profile_ = profile;
    readOnlyFlag_->store(readOnly());
    const quint64 generation = ++generation_;

    auto options = redislock::ConnectionOptions::fromUrl(profile.url.toStdString());
    if (!options) {
        const QString message =
            tr("Cannot open %1: %2")
                .arg(profile.displayName(), QString::fromStdString(options.error().message()));
        setState(State::disconnected, message);
        Q_EMIT errorOccurred(message);
        return;
    }
    if (!profile.password.isEmpty())
        options->password = profile.password.toStdString();
    const redislock::Client client(*options);

    stop_ = std::stop_source();
    scans_ = std::make_shared<ScanControl>();
    readThread_ = new QThread(this);
    readThread_->setObjectName(QStringLiteral("InspectorWorker"));
    actionThread_ = new QThread(this);
    actionThread_->setObjectName(QStringLiteral("ActionWorker"));
    worker_ = new InspectorWorker(client, profile, stop_.get_token(), scans_);
    worker_->setResyncInterval(resyncInterval_);
    actions_ = new ActionWorker(client, profile, stop_.get_token(), readOnlyFlag_);
    worker_->moveToThread(readThread_);
    actions_->moveToThread(actionThread_);
    connect(readThread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(actionThread_, &QThread::finished, actions_, &QObject::deleteLater);

    // Everything arrives queued; what an earlier open() still had in flight is dropped.
    const auto current = [this, generation] {
        return generation == generation_;
    };
    connect(worker_, &InspectorWorker::stateChanged, this,
            [this, current](State state, const QString &message) {
                if (!current())
                    return;
                // The first connection failed: nothing left to do for these workers, and
                // writes are refused as "not connected" from now on.
                if (state == State::disconnected)
                    retireWorkers();
                setState(state, message);
            });
    connect(worker_, &InspectorWorker::serverInfoChanged, this,
            [this, current](const ServerInfo &info) {
                if (current())
                    Q_EMIT serverInfoChanged(info);
            });
    connect(worker_, &InspectorWorker::scanStarted, this, [this, current] {
        if (current())
            Q_EMIT scanStarted();
    });
    connect(worker_, &InspectorWorker::scanProgress, this, [this, current](quint64 scanned) {
        if (current())
            Q_EMIT scanProgress(scanned);
    });
    connect(worker_, &InspectorWorker::locksFound, this,
            [this, current](const QList<LockSnapshot> &locks) {
                if (!current())
                    return;
                // A held key that now holds another (complete) value is probably lost: the
                // action worker asks the server, so that a stale read cannot drop a lock.
                if (!held_.isEmpty()) {
                    for (const LockSnapshot &lock : locks) {
                        const auto held = held_.constFind(lock.key);
                        if (held != held_.cend() && !lock.truncated() && lock.value != held->value)
                            QMetaObject::invokeMethod(
                                actions_,
                                [actions = actions_, key = lock.key] { actions->verifyHeld(key); },
                                Qt::QueuedConnection);
                    }
                }
                Q_EMIT locksFound(locks);
            });
    connect(worker_, &InspectorWorker::scanFinished, this,
            [this, current](bool complete, quint64 scanned) {
                if (current())
                    Q_EMIT scanFinished(complete, scanned);
            });
    connect(worker_, &InspectorWorker::ttlsResynced, this,
            [this, current](const QList<TtlSample> &samples) {
                if (current())
                    Q_EMIT ttlsResynced(samples);
            });
    connect(worker_, &InspectorWorker::keyRemoved, this,
            [this, current](const QByteArray &key, KeyRemoval reason) {
                if (!current())
                    return;
                if (held_.contains(key))
                    QMetaObject::invokeMethod(
                        actions_, [actions = actions_, key] { actions->verifyHeld(key); },
                        Qt::QueuedConnection);
                Q_EMIT keyRemoved(key, reason);
            });
    connect(worker_, &InspectorWorker::errorOccurred, this,
            [this, current](const QString &message) {
                if (current())
                    Q_EMIT errorOccurred(message);
            });
    connect(actions_, &ActionWorker::actionFinished, this,
            [this, current](const ActionResult &result) {
                if (current())
                    Q_EMIT actionFinished(result);
            });
    connect(
        actions_, &ActionWorker::heldChanged, this,
        [this, current](const QByteArray &key, bool held, const QByteArray &value, qint64 ttlMs) {
            if (current())
                onHeld(key, held, value, ttlMs);
        });

    setState(State::connecting, tr("Connecting to %1…").arg(profile.displayName()));
    readThread_->start();
    actionThread_->start();
    QMetaObject::invokeMethod(worker_, &InspectorWorker::start, Qt::QueuedConnection);
}

void InspectorSession::close()
{
    const bool wasOpen = worker_ != nullptr;
    retireWorkers();
    if (wasOpen || state_ != State::disconnected)
        setState(State::disconnected, tr("Disconnected from %1").arg(profile_.displayName()));
}

void InspectorSession::retireWorkers()
{
    ++generation_;
    // Locks held here stay on the server until their ttl runs out; this app lets go of them.
    const QList<QByteArray> held = held_.keys();
    held_.clear();
    for (const QByteArray &key : held)
        Q_EMIT heldChanged(key, false);
    if (!worker_)
        return;
    stop_.request_stop();
    scans_->cancel();
    for (QThread *thread : {readThread_, actionThread_}) {
        connect(thread, &QThread::finished, thread, &QObject::deleteLater);
        thread->quit();
        retiring_.append(thread);
    }
    retiring_.removeAll(nullptr);
    worker_ = nullptr;
    actions_ = nullptr;
    readThread_ = nullptr;
    actionThread_ = nullptr;
}

void InspectorSession::onHeld(const QByteArray &key, bool held, const QByteArray &value,
                              qint64 ttlMs)
{
    const bool was = held_.contains(key);
    if (held)
        held_.insert(key, Held{value, ttlMs});
    else
        held_.remove(key);
    if (was != held)
        Q_EMIT heldChanged(key, held);
}

void InspectorSession::rescan()
{
    if (!worker_)
        return;
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, token = scans_->begin()] { worker->startScan(token); },
        Qt::QueuedConnection);
}

void InspectorSession::cancelScan()
{
    if (scans_)
        scans_->cancel();
}

void InspectorSession::setResyncInterval(std::chrono::milliseconds interval)
{
    resyncInterval_ = interval;
    if (worker_)
        QMetaObject::invokeMethod(
            worker_, [worker = worker_, interval] { worker->setResyncInterval(interval); },
            Qt::QueuedConnection);
}

QString InspectorSession::writeRefusal() const
{
    if (readOnly())
        return ActionWorker::readOnlyMessage();
    if (!actions_)
        return tr("Refused: not connected");
    return {};
}

quint64 InspectorSession::refuse(LockAction action, const QByteArray &key, const QByteArray &value,
                                 qint64 ttlMs, const QString &message)
{
    ActionResult result;
    result.id = ++nextId_;
    result.action = action;
    result.connection = profile_.displayName();
    result.key = key;
    result.value = value;
    result.outcome = ActionResult::Outcome::refused;
    result.message = message;
    result.time = QDateTime::currentDateTimeUtc();
    result.ttlMs = ttlMs;
    QMetaObject::invokeMethod(
        this, [this, result] { Q_EMIT actionFinished(result); }, Qt::QueuedConnection);
    return result.id;
}

quint64 InspectorSession::obtain(const ObtainRequest &request)
{
    QString problem = writeRefusal();
    if (problem.isEmpty())
        problem = ActionWorker::obtainProblem(request);
    if (!problem.isEmpty())
        return refuse(LockAction::obtain, request.keys.value(0), request.token + request.metadata,
                      request.ttlMs, problem);
    const quint64 id = ++nextId_;
    QMetaObject::invokeMethod(
        actions_, [actions = actions_, id, request] { actions->obtain(id, request); },
        Qt::QueuedConnection);
    return id;
}

quint64 InspectorSession::refresh(const QByteArray &key, qint64 ttlMs)
{
    QString problem = writeRefusal();
    if (problem.isEmpty())
        problem = ActionWorker::keyProblem(key);
    if (problem.isEmpty())
        problem = ActionWorker::ttlProblem(ttlMs);
    if (!problem.isEmpty())
        return refuse(LockAction::refresh, key, held_.value(key).value, ttlMs, problem);
    const quint64 id = ++nextId_;
    QMetaObject::invokeMethod(
        actions_, [actions = actions_, id, key, ttlMs] { actions->refresh(id, key, ttlMs); },
        Qt::QueuedConnection);
    return id;
}

quint64 InspectorSession::release(const QByteArray &key)
{
    QString problem = writeRefusal();
    if (problem.isEmpty())
        problem = ActionWorker::keyProblem(key);
    if (!problem.isEmpty())
        return refuse(LockAction::release, key, held_.value(key).value, 0, problem);
    const quint64 id = ++nextId_;
    QMetaObject::invokeMethod(
        actions_, [actions = actions_, id, key] { actions->release(id, key); },
        Qt::QueuedConnection);
    return id;
}

quint64 InspectorSession::forceRelease(const QByteArray &key, const QByteArray &shownValue)
{
    QString problem = writeRefusal();
    if (problem.isEmpty())
        problem = ActionWorker::keyProblem(key);
    if (!problem.isEmpty())
        return refuse(LockAction::forceRelease, key, shownValue, 0, problem);
    const quint64 id = ++nextId_;
    QMetaObject::invokeMethod(
        actions_,
        [actions = actions_, id, key, shownValue] { actions->forceRelease(id, key, shownValue); },
        Qt::QueuedConnection);
    return id;
}

quint64 InspectorSession::deleteRegardless(const QByteArray &key)
{
    QString problem = writeRefusal();
    if (problem.isEmpty())
        problem = ActionWorker::keyProblem(key);
    if (!problem.isEmpty())
        return refuse(LockAction::deleteRegardless, key, {}, 0, problem);
    const quint64 id = ++nextId_;
    QMetaObject::invokeMethod(
        actions_, [actions = actions_, id, key] { actions->deleteRegardless(id, key); },
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
    case LockAction::forceRelease:
        // Compare-and-delete against exactly the value shown.
        return RedisCommandText::command(
            {"EVALSHA", sha1(redislock::LockScript::release), "1", lock.key, lock.value});
    case LockAction::deleteRegardless:
        return RedisCommandText::command({"DEL", lock.key});
    }
    return {};
}
