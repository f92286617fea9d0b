#include "session/actionworker.h"

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

} // namespace

ActionWorker::ActionWorker(redislock::Client client, ConnectionProfile profile,
                           std::stop_token stop, std::shared_ptr<const std::atomic<bool>> readOnly)
    : client_(std::move(client)), profile_(std::move(profile)), stop_(std::move(stop)),
      readOnly_(std::move(readOnly))
{}

ActionWorker::~ActionWorker() = default;

QString ActionWorker::readOnlyMessage()
{
    return tr("Refused: the connection is read-only; nothing was sent");
}

QString ActionWorker::keyProblem(const QByteArray &key)
{
    return key.isEmpty() ? tr("Refused: the key is empty") : QString();
}

QString ActionWorker::ttlProblem(qint64 ttlMs)
{
    return ttlMs < 1 ? tr("Refused: the ttl must be at least 1 ms, got %1 ms").arg(ttlMs)
                     : QString();
}

QString ActionWorker::obtainProblem(const ObtainRequest &request)
{
    if (request.keys.isEmpty())
        return tr("Refused: no key given");
    for (const QByteArray &key : request.keys)
        if (QString problem = keyProblem(key); !problem.isEmpty())
            return problem;
    if (QString problem = ttlProblem(request.ttlMs); !problem.isEmpty())
        return problem;
    if (auto strategy = redislock::parseRetryStrategy(request.retrySpec.toStdString()); !strategy)
        return tr("Refused: bad retry strategy \"%1\": %2")
            .arg(request.retrySpec, fromStd(strategy.error().message()));
    return {};
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

void ActionWorker::finish(ActionResult result, ActionResult::Outcome outcome,
                          const QString &message)
{
    result.outcome = outcome;
    result.message = message;
    result.time = QDateTime::currentDateTimeUtc();
    Q_EMIT actionFinished(result);
}

bool ActionWorker::refuseReadOnly(const ActionResult &result)
{
    if (!readOnly_->load())
        return false;
    finish(result, ActionResult::Outcome::refused, readOnlyMessage());
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
    if (QString problem = obtainProblem(request); !problem.isEmpty()) {
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
    const QString what =
        request.keys.size() == 1
            ? shown(request.keys.front())
            : tr("%1 and %2 more").arg(shown(request.keys.front())).arg(request.keys.size() - 1);
    if (const auto stop = pending->loop->beforeAttempt()) {
        if (*stop == redislock::RetryStop::cancelled)
            finish(done, Outcome::notObtained, tr("Not obtained: %1 (cancelled)").arg(what));
        else
            finish(done, Outcome::notObtained,
                   tr("Not obtained: %1 was still held by another token when its ttl had passed "
                      "(%2)")
                       .arg(what, tr("%n attempt(s)", nullptr, pending->attempts)));
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
               tr("Obtained %1 for %2 ms (token %3)")
                   .arg(what)
                   .arg(request.ttlMs)
                   .arg(QString::fromUtf8(bytesOf(shared->token()))));
        return;
    }
    if (lock.error() != redislock::ErrNotObtained) {
        finish(done, Outcome::failed,
               tr("Obtain of %1 failed: %2").arg(what, fromStd(lock.error().message())));
        return;
    }
    const auto step = pending->loop->next();
    const QString made = tr("%n attempt(s)", nullptr, pending->attempts);
    if (step.stop == redislock::RetryStop::strategy) {
        finish(done, Outcome::notObtained,
               tr("Not obtained: %1 is held by another token (%2)").arg(what, made));
        return;
    }
    // Unlike obtain(), which sits out a wait that reaches the deadline, the worker says so at
    // once: it would only keep the operator waiting.
    if (step.stop) {
        finish(done, Outcome::notObtained,
               tr("Not obtained: %1 was still held by another token when its ttl had passed (%2)")
                   .arg(what, made));
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
    QString problem = keyProblem(key);
    if (problem.isEmpty())
        problem = ttlProblem(ttlMs);
    if (problem.isEmpty() && !lock)
        problem = tr("Refused: %1 is not a lock this app holds").arg(shown(key));
    if (!problem.isEmpty()) {
        finish(done, Outcome::refused, problem);
        return;
    }
    auto refreshed = lock->refresh(std::chrono::milliseconds(ttlMs), {}, context());
    if (refreshed) {
        Q_EMIT heldChanged(key, true, done.value, ttlMs);
        finish(done, Outcome::done, tr("Refreshed %1 to %2 ms").arg(shown(key)).arg(ttlMs));
    } else if (refreshed.error() == redislock::ErrNotObtained) {
        forget(lock);
        finish(done, Outcome::notHeld,
               tr("Not refreshed: %1 expired or belongs to someone else now").arg(shown(key)));
    } else {
        finish(
            done, Outcome::failed,
            tr("Refresh of %1 failed: %2").arg(shown(key), fromStd(refreshed.error().message())));
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
    QString problem = keyProblem(key);
    if (problem.isEmpty() && !lock)
        problem = tr("Refused: %1 is not a lock this app holds").arg(shown(key));
    if (!problem.isEmpty()) {
        finish(done, Outcome::refused, problem);
        return;
    }
    auto released = lock->release(context());
    if (released) {
        forget(lock);
        finish(done, Outcome::done, tr("Released %1").arg(shown(key)));
    } else if (released.error() == redislock::ErrLockNotHeld) {
        forget(lock);
        finish(done, Outcome::notHeld,
               tr("Not released: %1 expired or belongs to someone else now").arg(shown(key)));
    } else {
        finish(done, Outcome::failed,
               tr("Release of %1 failed: %2").arg(shown(key), fromStd(released.error().message())));
    }
}

void ActionWorker::forceRelease(quint64 id, const QByteArray &key, const QByteArray &shownValue)
{
    using Outcome = ActionResult::Outcome;
    ActionResult done = makeResult(id, LockAction::forceRelease, key, shownValue, 0);
    if (refuseReadOnly(done))
        return;
    QString problem = keyProblem(key);
    if (problem.isEmpty() && shownValue.isEmpty())
        problem = tr("Refused: no value to compare against (the key held an empty value)");
    if (!problem.isEmpty()) {
        finish(done, Outcome::refused, problem);
        return;
    }
    // The core's release script compares and deletes in one step on the server: exactly the
    // value shown, token and metadata alike, or nothing.
    auto foreign = client_.adopt({stdOf(key)}, stdOf(shownValue), {});
    if (!foreign) {
        finish(done, Outcome::refused, fromStd(foreign.error().message()));
        return;
    }
    auto released = foreign->release(context());
    if (released) {
        if (const auto ours = held_.value(key))
            forget(ours);
        finish(done, Outcome::done,
               tr("Force-released %1: it still held the value shown").arg(shown(key)));
        return;
    }
    if (released.error() != redislock::ErrLockNotHeld) {
        finish(done, Outcome::failed,
               tr("Force-release of %1 failed: %2")
                   .arg(shown(key), fromStd(released.error().message())));
        return;
    }
    // Nothing was deleted; tell the operator which way it changed (reads, after the fact).
    const std::string lastByte = std::to_string(shownValue.size() - 1);
    auto now = client_.pipeline(
        {{"EXISTS", stdOf(key)}, {"STRLEN", stdOf(key)}, {"GETRANGE", stdOf(key), "0", lastByte}},
        context());
    const bool gone = now && !(*now)[0].isError() && (*now)[0].integer == 0;
    // A value longer than what a scan reads is shown cut short, and can never compare equal.
    const bool cutShort = now && !gone && !(*now)[1].isError() &&
                          (*now)[1].integer > shownValue.size() &&
                          bytesOf((*now)[2].text) == shownValue;
    QString message;
    if (gone)
        message = tr("Not deleted: %1 is gone already (expired or released)").arg(shown(key));
    else if (cutShort)
        message = tr("Not deleted: only the first %1 of the %2 bytes of %3 were shown, and "
                     "compare-and-delete needs the whole value")
                      .arg(shownValue.size())
                      .arg((*now)[1].integer)
                      .arg(shown(key));
    else
        message = tr("Not deleted: %1 changed hands, it holds another value now").arg(shown(key));
    finish(done, Outcome::changedHands, message);
}

void ActionWorker::deleteRegardless(quint64 id, const QByteArray &key)
{
    using Outcome = ActionResult::Outcome;
    ActionResult done = makeResult(id, LockAction::deleteRegardless, key, {}, 0);
    if (refuseReadOnly(done))
        return;
    if (QString problem = keyProblem(key); !problem.isEmpty()) {
        finish(done, Outcome::refused, problem);
        return;
    }
    auto deleted = client_.deleteKeys({stdOf(key)}, context());
    if (!deleted) {
        finish(done, Outcome::failed,
               tr("Delete of %1 failed: %2").arg(shown(key), fromStd(deleted.error().message())));
        return;
    }
    if (const auto ours = held_.value(key))
        forget(ours);
    finish(done, Outcome::done,
           *deleted > 0 ? tr("Deleted %1 regardless of its value").arg(shown(key))
                        : tr("Nothing deleted: %1 did not exist").arg(shown(key)));
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
