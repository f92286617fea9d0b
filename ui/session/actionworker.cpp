#include "session/actionworker.h"

#include "session/writegate.h"

#include <redislock/forcerelease.h>
#include <redislock/retryloop.h>
#include <redislock/retryspec.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

#include <chrono>
#include <optional>

namespace {

QByteArray bytesOf(std::string_view text)
{
    return {text.data(), qsizetype(text.size())};
}

std::string stdOf(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

// Keys in messages: readable, and never more than a line.
QString shown(const QByteArray &key)
{
    QString text = QString::fromUtf8(key);
    if (text.size() > 80)
        text = text.left(79) + u'…';
    return text;
}

// Messages are kept untranslated (see ActionMessage); their sources are marked with QT_TR_NOOP
// in ActionWorker's members, so that they are translated in its context.
ActionMessage say(const char *source, QStringList args = {}, int n = -1)
{
    return {QByteArrayLiteral("ActionWorker"), QByteArray(source), std::move(args), n};
}

// The keys of a multi-key obtain in one language-neutral line: "a, b, c (+2)".
QString shownKeys(const QList<QByteArray> &keys)
{
    QStringList names;
    for (qsizetype i = 0; i < keys.size() && i < 3; ++i)
        names.append(shown(keys[i]));
    QString text = names.join(QStringLiteral(", "));
    if (keys.size() > 3)
        text += QStringLiteral(" (+%1)").arg(keys.size() - 3);
    return text;
}

} // namespace

ActionWorker::ActionWorker(redislock::Client client, ConnectionProfile profile,
                           std::stop_token stop, std::shared_ptr<const WriteGate> gate)
    : client_(std::move(client)), profile_(std::move(profile)), stop_(std::move(stop)),
      gate_(std::move(gate))
{}

ActionWorker::~ActionWorker() = default;

ActionMessage ActionWorker::keyProblemMessage(const QByteArray &key)
{
    return key.isEmpty() ? say(QT_TR_NOOP("Refused: the key is empty")) : ActionMessage();
}

ActionMessage ActionWorker::ttlProblemMessage(qint64 ttlMs)
{
    return ttlMs < 1 ? say(QT_TR_NOOP("Refused: the ttl must be at least 1 ms, got %1 ms"),
                           {QString::number(ttlMs)})
                     : ActionMessage();
}

ActionMessage ActionWorker::obtainProblemMessage(const ObtainRequest &request)
{
    if (request.keys.isEmpty())
        return say(QT_TR_NOOP("Refused: no key given"));
    for (const QByteArray &key : request.keys)
        if (ActionMessage problem = keyProblemMessage(key); !problem.isEmpty())
            return problem;
    if (ActionMessage problem = ttlProblemMessage(request.ttlMs); !problem.isEmpty())
        return problem;
    if (auto strategy = redislock::parseRetryStrategy(request.retrySpec.toStdString()); !strategy)
        return say(QT_TR_NOOP("Refused: bad retry strategy \"%1\": %2"),
                   {request.retrySpec, fromStd(strategy.error().message())});
    return {};
}

QString ActionWorker::keyProblem(const QByteArray &key)
{
    return keyProblemMessage(key).translated();
}

QString ActionWorker::ttlProblem(qint64 ttlMs)
{
    return ttlProblemMessage(ttlMs).translated();
}

QString ActionWorker::obtainProblem(const ObtainRequest &request)
{
    return obtainProblemMessage(request).translated();
}

ActionResult ActionWorker::makeResult(quint64 id, LockAction action, const QByteArray &key,
                                      const QByteArray &value, qint64 ttlMs) const
{
    ActionResult result;
    result.id = id;
    result.action = action;
    result.connection = profile_.displayName();
    result.key = key;
    result.value = value;
    result.ttlMs = ttlMs;
    return result;
}

void ActionWorker::finish(ActionResult result, ActionResult::Outcome outcome, ActionMessage message)
{
    result.outcome = outcome;
    result.setMessage(std::move(message));
    result.time = QDateTime::currentDateTimeUtc();
    Q_EMIT actionFinished(result);
}

bool ActionWorker::refuseReadOnly(const ActionResult &result)
{
    if (gate_->isOpen())
        return false;
    finish(result, ActionResult::Outcome::refused,
           {QByteArrayLiteral("WriteGate"), WriteGate::refusalSource(), {}, -1});
    return true;
}

void ActionWorker::forget(const std::shared_ptr<redislock::Lock> &lock)
{
    for (const std::string &key : lock->keys()) {
        const QByteArray bytes = bytesOf(key);
        if (held_.value(bytes) == lock) {
            held_.remove(bytes);
            Q_EMIT heldChanged(bytes, false, {}, 0);
        }
    }
}

// One obtain on its way: its retries are timer-driven, so that other actions (a release, a
// delete) are served while it waits for its next attempt instead of queueing behind it.
struct ActionWorker::PendingObtain
{
    ActionResult result;
    ObtainRequest request;
    std::vector<std::string> keys;
    redislock::Options options; // no retry strategy: the loop below drives the retries
    // The core's retry rule, stepped by timers: retrying never outlasts one lock lifetime.
    std::optional<redislock::RetryLoop> loop;
    int attempts = 0;
};

void ActionWorker::obtain(quint64 id, const ObtainRequest &request)
{
    using Outcome = ActionResult::Outcome;
    ActionResult done = makeResult(id, LockAction::obtain, request.keys.value(0),
                                   request.token + request.metadata, request.ttlMs);
    if (refuseReadOnly(done))
        return;
    if (ActionMessage problem = obtainProblemMessage(request); !problem.isEmpty()) {
        finish(done, Outcome::refused, problem);
        return;
    }
    auto pending = std::make_shared<PendingObtain>();
    pending->result = done;
    pending->request = request;
    for (const QByteArray &key : request.keys)
        pending->keys.push_back(stdOf(key));
    pending->options.metadata = stdOf(request.metadata);
    pending->options.token = stdOf(request.token);
    pending->options.reobtain = redislock::toolReobtainRule(
        pending->options.token, std::size_t(std::max(0, profile_.customTokenLength)));
    pending->loop.emplace(*redislock::parseRetryStrategy(request.retrySpec.toStdString()),
                          context(), std::chrono::milliseconds(request.ttlMs));
    attemptObtain(pending);
}

void ActionWorker::attemptObtain(const std::shared_ptr<PendingObtain> &pending)
{
    using Outcome = ActionResult::Outcome;
    const ObtainRequest &request = pending->request;
    ActionResult &done = pending->result;
    const QString what = shownKeys(request.keys);
    if (const auto stop = pending->loop->beforeAttempt()) {
        if (*stop == redislock::RetryStop::cancelled)
            finish(done, Outcome::notObtained,
                   say(QT_TR_NOOP("Not obtained: %1 (cancelled)"), {what}));
        else
            finish(done, Outcome::notObtained,
                   say(QT_TR_N_NOOP("Not obtained: %1 was still held by another token when its "
                                    "ttl had passed (%n attempt(s))"),
                       {what}, pending->attempts));
        return;
    }
    ++pending->attempts;
    const std::chrono::milliseconds ttl(request.ttlMs);
    auto lock = pending->keys.size() == 1
                    ? client_.obtain(pending->keys.front(), ttl, pending->options, context())
                    : client_.obtainMulti(pending->keys, ttl, pending->options, context());
    if (lock) {
        auto shared = std::make_shared<redislock::Lock>(std::move(*lock));
        done.value = bytesOf(shared->value());
        for (const QByteArray &key : request.keys) {
            // A key this app held under an older lock is now this lock's.
            held_.insert(key, shared);
            Q_EMIT heldChanged(key, true, done.value, request.ttlMs);
        }
        finish(done, Outcome::done,
               say(QT_TR_NOOP("Obtained %1 for %2 ms (token %3)"),
                   {what, QString::number(request.ttlMs),
                    QString::fromUtf8(bytesOf(shared->token()))}));
        return;
    }
    if (lock.error() != redislock::ErrNotObtained) {
        finish(done, Outcome::failed,
               say(QT_TR_NOOP("Obtain of %1 failed: %2"), {what, fromStd(lock.error().message())}));
        return;
    }
    const auto step = pending->loop->next();
    if (step.stop == redislock::RetryStop::strategy) {
        finish(done, Outcome::notObtained,
               say(QT_TR_N_NOOP("Not obtained: %1 is held by another token (%n attempt(s))"),
                   {what}, pending->attempts));
        return;
    }
    // Unlike obtain(), which sits out a wait that reaches the deadline, the worker says so at
    // once: it would only keep the operator waiting.
    if (step.stop) {
        finish(done, Outcome::notObtained,
               say(QT_TR_N_NOOP("Not obtained: %1 was still held by another token when its ttl "
                                "had passed (%n attempt(s))"),
                   {what}, pending->attempts));
        return;
    }
    const auto wait = step.until - redislock::RetryLoop::Clock::now();
    QTimer::singleShot(
        std::max(std::chrono::milliseconds(0), std::chrono::ceil<std::chrono::milliseconds>(wait)),
        Qt::PreciseTimer, this, [this, pending] { attemptObtain(pending); });
}

void ActionWorker::refresh(quint64 id, const QByteArray &key, qint64 ttlMs)
{
    using Outcome = ActionResult::Outcome;
    const auto lock = held_.value(key);
    ActionResult done = makeResult(id, LockAction::refresh, key,
                                   lock ? bytesOf(lock->value()) : QByteArray(), ttlMs);
    if (refuseReadOnly(done))
        return;
    ActionMessage problem = keyProblemMessage(key);
    if (problem.isEmpty())
        problem = ttlProblemMessage(ttlMs);
    if (problem.isEmpty() && !lock)
        problem = say(QT_TR_NOOP("Refused: %1 is not a lock this app holds"), {shown(key)});
    if (!problem.isEmpty()) {
        finish(done, Outcome::refused, problem);
        return;
    }
    auto refreshed = lock->refresh(std::chrono::milliseconds(ttlMs), {}, context());
    if (refreshed) {
        Q_EMIT heldChanged(key, true, done.value, ttlMs);
        finish(done, Outcome::done,
               say(QT_TR_NOOP("Refreshed %1 to %2 ms"), {shown(key), QString::number(ttlMs)}));
    } else if (refreshed.error() == redislock::ErrNotObtained) {
        forget(lock);
        finish(done, Outcome::notHeld,
               say(QT_TR_NOOP("Not refreshed: %1 expired or belongs to someone else now"),
                   {shown(key)}));
    } else {
        finish(done, Outcome::failed,
               say(QT_TR_NOOP("Refresh of %1 failed: %2"),
                   {shown(key), fromStd(refreshed.error().message())}));
    }
}

void ActionWorker::release(quint64 id, const QByteArray &key)
{
    using Outcome = ActionResult::Outcome;
    const auto lock = held_.value(key);
    ActionResult done =
        makeResult(id, LockAction::release, key, lock ? bytesOf(lock->value()) : QByteArray(), 0);
    if (refuseReadOnly(done))
        return;
    ActionMessage problem = keyProblemMessage(key);
    if (problem.isEmpty() && !lock)
        problem = say(QT_TR_NOOP("Refused: %1 is not a lock this app holds"), {shown(key)});
    if (!problem.isEmpty()) {
        finish(done, Outcome::refused, problem);
        return;
    }
    auto released = lock->release(context());
    if (released) {
        forget(lock);
        finish(done, Outcome::done, say(QT_TR_NOOP("Released %1"), {shown(key)}));
    } else if (released.error() == redislock::ErrLockNotHeld) {
        forget(lock);
        finish(done, Outcome::notHeld,
               say(QT_TR_NOOP("Not released: %1 expired or belongs to someone else now"),
                   {shown(key)}));
    } else {
        finish(done, Outcome::failed,
               say(QT_TR_NOOP("Release of %1 failed: %2"),
                   {shown(key), fromStd(released.error().message())}));
    }
}

ActionMessage ActionWorker::whyUnchanged(const QByteArray &key, const QByteArray &shownValue,
                                         bool deleting)
{
    // Reads, after the fact, to tell the operator which way the key changed.
    const std::string lastByte = std::to_string(shownValue.size() - 1);
    auto now = client_.pipeline(
        {{"EXISTS", stdOf(key)}, {"STRLEN", stdOf(key)}, {"GETRANGE", stdOf(key), "0", lastByte}},
        context());
    const bool gone = now && !(*now)[0].isError() && (*now)[0].integer == 0;
    // A value longer than what a scan reads is shown cut short, and can never compare equal.
    const bool cutShort = now && !gone && !(*now)[1].isError() &&
                          (*now)[1].integer > shownValue.size() &&
                          bytesOf((*now)[2].text) == shownValue;
    if (gone)
        return deleting
                   ? say(QT_TR_NOOP("Not deleted: %1 is gone already (expired or released)"),
                         {shown(key)})
                   : say(QT_TR_NOOP("Expiry not set: %1 is gone already (expired or released)"),
                         {shown(key)});
    if (cutShort) {
        const QStringList args{QString::number(shownValue.size()),
                               QString::number((*now)[1].integer), shown(key)};
        return deleting
                   ? say(QT_TR_NOOP("Not deleted: only the first %1 of the %2 bytes of %3 "
                                    "were shown, and compare-and-delete needs the whole value"),
                         args)
                   : say(QT_TR_NOOP("Expiry not set: only the first %1 of the %2 bytes of %3 "
                                    "were shown, and the compare needs the whole value"),
                         args);
    }
    return deleting
               ? say(QT_TR_NOOP("Not deleted: %1 changed hands, it holds another value now"),
                     {shown(key)})
               : say(QT_TR_NOOP("Expiry not set: %1 changed hands, it holds another value now"),
                     {shown(key)});
}

void ActionWorker::forceRelease(quint64 id, const LockSnapshot &shown,
                                const QByteArray &holderField)
{
    using Outcome = ActionResult::Outcome;
    const QByteArray &key = shown.key;
    const bool isHash = shown.type() == "hash";
    // A hash is recorded as compared: its fields as lockctl force-release --expect-hash takes
    // them ("field=value,...").
    QByteArray compared = shown.value;
    if (isHash) {
        QByteArrayList fields;
        for (const auto &[field, value] : shown.extra().hash)
            fields.append(field + '=' + value);
        compared = fields.join(',');
    }
    ActionResult done = makeResult(id, LockAction::forceRelease, key, compared, 0);
    // What the core reads the shown bytes as, and which holder goes: both audited.
    const redislock::LockRecord record = shown.toRecord();
    const std::string_view format = redislock::formatName(record.format);
    done.format = QString::fromLatin1(format.data(), qsizetype(format.size()));
    done.holder = holderField;
    if (isHash && holderField.isEmpty() && record.holders.size() == 1)
        done.holder = bytesOf(redislock::redissonField(record.holders.front()));
    if (refuseReadOnly(done))
        return;
    ActionMessage problem = keyProblemMessage(key);
    if (problem.isEmpty() && !isHash && shown.value.isEmpty())
        problem =
            say(QT_TR_NOOP("Refused: no value to compare against (the key held an empty value)"));
    if (!problem.isEmpty()) {
        finish(done, Outcome::refused, problem);
        return;
    }
    // The core's force-release compares and removes in one step on the server: exactly the
    // value shown (or the hash's fields and hold counts), or nothing; and it releases as the
    // lock's library does (python-redis-lock's and Redisson's waiters are told).
    if (auto command = redislock::forceReleaseCommand(record, stdOf(holderField)); !command) {
        finish(done, Outcome::refused, say("%1", {fromStd(command.error().message())}));
        return;
    }
    auto released = redislock::forceRelease(client_, record, stdOf(holderField), context());
    if (released && *released) {
        if (const auto ours = held_.value(key))
            forget(ours);
        if (isHash)
            finish(done, Outcome::done,
                   say(QT_TR_NOOP("Force-released holder %1 of %2: the hash still held what was "
                                  "shown"),
                       {QString::fromUtf8(done.holder), ::shown(key)}));
        else
            finish(done, Outcome::done,
                   say(QT_TR_NOOP("Force-released %1: it still held the value shown"),
                       {::shown(key)}));
        return;
    }
    if (!released) {
        finish(done, Outcome::failed,
               say(QT_TR_NOOP("Force-release of %1 failed: %2"),
                   {::shown(key), fromStd(released.error().message())}));
        return;
    }
    finish(done, Outcome::changedHands,
           isHash ? whyHashUnchanged(key) : whyUnchanged(key, shown.value, /*deleting=*/true));
}

ActionMessage ActionWorker::whyHashUnchanged(const QByteArray &key)
{
    auto exists = client_.command({"EXISTS", stdOf(key)}, context());
    if (exists && !exists->isError() && exists->integer == 0)
        return say(QT_TR_NOOP("Not removed: %1 is gone already (expired or released)"),
                   {::shown(key)});
    return say(QT_TR_NOOP("Not removed: the holders or hold counts of %1 changed since it was "
                          "shown; nothing was done"),
               {::shown(key)});
}

void ActionWorker::setExpiry(quint64 id, const QByteArray &key, const QByteArray &shownValue,
                             qint64 ttlMs)
{
    using Outcome = ActionResult::Outcome;
    ActionResult done = makeResult(id, LockAction::setExpiry, key, shownValue, ttlMs);
    if (refuseReadOnly(done))
        return;
    ActionMessage problem = keyProblemMessage(key);
    if (problem.isEmpty())
        problem = ttlProblemMessage(ttlMs);
    if (problem.isEmpty() && shownValue.isEmpty())
        problem =
            say(QT_TR_NOOP("Refused: no value to compare against (the key held an empty value)"));
    if (!problem.isEmpty()) {
        finish(done, Outcome::refused, problem);
        return;
    }
    // The refresh script is exactly a compare-and-PEXPIRE: the value shown, or nothing. No retry
    // strategy: a transient error is reported, not repeated behind the operator's back.
    auto foreign = client_.adopt({stdOf(key)}, stdOf(shownValue), {});
    if (!foreign) {
        finish(done, Outcome::refused, say("%1", {fromStd(foreign.error().message())}));
        return;
    }
    auto refreshed = foreign->refresh(std::chrono::milliseconds(ttlMs), {}, context());
    if (refreshed) {
        if (held_.contains(key))
            Q_EMIT heldChanged(key, true, shownValue, ttlMs);
        finish(done, Outcome::done,
               say(QT_TR_NOOP("Set the expiry of %1 to %2 ms: it still held the value shown"),
                   {shown(key), QString::number(ttlMs)}));
        return;
    }
    if (refreshed.error() != redislock::ErrNotObtained) {
        finish(done, Outcome::failed,
               say(QT_TR_NOOP("Setting the expiry of %1 failed: %2"),
                   {shown(key), fromStd(refreshed.error().message())}));
        return;
    }
    finish(done, Outcome::changedHands, whyUnchanged(key, shownValue, /*deleting=*/false));
}

void ActionWorker::deleteRegardless(quint64 id, const QByteArray &key, const QByteArray &shownValue)
{
    using Outcome = ActionResult::Outcome;
    ActionResult done = makeResult(id, LockAction::deleteRegardless, key, shownValue, 0);
    if (refuseReadOnly(done))
        return;
    if (ActionMessage problem = keyProblemMessage(key); !problem.isEmpty()) {
        finish(done, Outcome::refused, problem);
        return;
    }
    auto deleted = client_.deleteKeys({stdOf(key)}, context());
    if (!deleted) {
        finish(done, Outcome::failed,
               say(QT_TR_NOOP("Delete of %1 failed: %2"),
                   {shown(key), fromStd(deleted.error().message())}));
        return;
    }
    if (const auto ours = held_.value(key))
        forget(ours);
    finish(done, Outcome::done,
           *deleted > 0 ? say(QT_TR_NOOP("Deleted %1 regardless of its value"), {shown(key)})
                        : say(QT_TR_NOOP("Nothing deleted: %1 did not exist"), {shown(key)}));
}

void ActionWorker::verifyHeld(const QByteArray &key)
{
    const auto lock = held_.value(key);
    if (!lock)
        return;
    auto ttl = lock->ttl(context());
    if (ttl && ttl->count() == 0)
        forget(lock);
}

void ActionWorker::reclaim(const QList<HeldLock> &locks)
{
    for (const HeldLock &held : locks) {
        if (held_.contains(held.key))
            continue;
        auto adopted = client_.adopt({stdOf(held.key)}, stdOf(held.value), {});
        if (!adopted)
            continue;
        // A ttl above 0 means the key still holds exactly our value; 0 that it expired or is
        // someone else's now. Reads only: a reclaimed lock is not refreshed behind anyone's back.
        auto ttl = adopted->ttl(context());
        if (!ttl || ttl->count() == 0)
            continue;
        held_.insert(held.key, std::make_shared<redislock::Lock>(std::move(*adopted)));
        Q_EMIT heldChanged(held.key, true, held.value, held.ttlMs);
    }
}
