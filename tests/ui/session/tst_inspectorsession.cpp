// InspectorSession against real redis-servers: connect and server info, paged scans that list
// exactly the pattern's keys, cancellation, PTTL re-sync, keyspace events, every action and its
// outcomes (changed hands included), read-only mode with the server's own command statistics
// as witness, reconnection after the server went away, and teardown in the middle of a scan.

#include "actions/auditlog.h"
#include "session/actionworker.h"
#include "session/inspectorsession.h"
#include "session/inspectorworker.h"
#include "session/writegate.h"
#include "support/bytes.h"
#include "support/closedport.h"
#include "support/commandstats.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/lockscripts.h>

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using lockscope::test::bytes;
using lockscope::test::commandCalls;
using lockscope::test::nonReadCommands;
using lockscope::test::RawRedis;
using lockscope::test::RedisServer;
using lockscope::test::RedisServerOptions;
using lockscope::test::uniqueKey;
using Outcome = ActionResult::Outcome;
using State = InspectorSession::State;

namespace {

constexpr int waitMs = 10000;

QByteArray uniquePrefix()
{
    return bytes(uniqueKey());
}

// MSET of `count` keys "<prefix>:<i>" in chunks.
bool seed(RawRedis &raw, const QByteArray &prefix, int count, const QByteArray &value = "v")
{
    for (int first = 0; first < count; first += 1000) {
        QList<QByteArray> mset{"MSET"};
        for (int i = first; i < std::min(count, first + 1000); ++i)
            mset << prefix + ':' + QByteArray::number(i) << value;
        if (raw.command(mset).isError())
            return false;
    }
    return true;
}

QList<LockSnapshot> snapshotsOf(const QSignalSpy &spy)
{
    QList<LockSnapshot> all;
    for (const auto &arguments : spy)
        all += arguments.at(0).value<QList<LockSnapshot>>();
    return all;
}

// Collects what a session reports, for tests to look at.
struct Recorder
{
    explicit Recorder(InspectorSession &session)
        : states(&session, &InspectorSession::stateChanged),
          infos(&session, &InspectorSession::serverInfoChanged),
          scanStarts(&session, &InspectorSession::scanStarted),
          sized(&session, &InspectorSession::scanSized),
          progress(&session, &InspectorSession::scanProgress),
          found(&session, &InspectorSession::locksFound),
          finished(&session, &InspectorSession::scanFinished),
          resynced(&session, &InspectorSession::ttlsResynced),
          removed(&session, &InspectorSession::keyRemoved),
          held(&session, &InspectorSession::heldChanged),
          actions(&session, &InspectorSession::actionFinished),
          errors(&session, &InspectorSession::errorOccurred)
    {}

    [[nodiscard]] bool hasState(State state) const
    {
        for (const auto &arguments : states)
            if (arguments.at(0).value<State>() == state)
                return true;
        return false;
    }
    [[nodiscard]] bool completeScans() const
    {
        for (const auto &arguments : finished)
            if (arguments.at(0).toBool())
                return true;
        return false;
    }
    [[nodiscard]] std::optional<ActionResult> result(quint64 id) const
    {
        for (const auto &arguments : actions) {
            const auto result = arguments.at(0).value<ActionResult>();
            if (result.id == id)
                return result;
        }
        return std::nullopt;
    }
    [[nodiscard]] std::optional<LockSnapshot> lastFound(const QByteArray &key) const
    {
        std::optional<LockSnapshot> last;
        for (const auto &lock : snapshotsOf(found))
            if (lock.key == key)
                last = lock;
        return last;
    }
    [[nodiscard]] std::optional<KeyRemoval> removal(const QByteArray &key) const
    {
        for (const auto &arguments : removed)
            if (arguments.at(0).toByteArray() == key)
                return arguments.at(1).value<KeyRemoval>();
        return std::nullopt;
    }
    [[nodiscard]] QList<bool> heldChanges(const QByteArray &key) const
    {
        QList<bool> changes;
        for (const auto &arguments : held)
            if (arguments.at(0).toByteArray() == key)
                changes << arguments.at(1).toBool();
        return changes;
    }

    QSignalSpy states;
    QSignalSpy infos;
    QSignalSpy scanStarts;
    QSignalSpy sized;
    QSignalSpy progress;
    QSignalSpy found;
    QSignalSpy finished;
    QSignalSpy resynced;
    QSignalSpy removed;
    QSignalSpy held;
    QSignalSpy actions;
    QSignalSpy errors;
};

// The keys whose TTLs were re-read since the recorder's resynced signal number `from`.
QSet<QByteArray> rereadKeys(const Recorder &recorder, qsizetype from)
{
    QSet<QByteArray> keys;
    for (qsizetype i = from; i < recorder.resynced.size(); ++i)
        for (const TtlSample &sample : recorder.resynced.at(i).at(0).value<QList<TtlSample>>())
            keys.insert(sample.key);
    return keys;
}

} // namespace

// Waits for the outcome of request `id` and stores it in `out`.
#define WAIT_RESULT(recorder, id, out)                                                             \
    do {                                                                                           \
        const quint64 requestId = (id);                                                            \
        QTRY_VERIFY_WITH_TIMEOUT((recorder).result(requestId).has_value(), waitMs);                \
        out = *(recorder).result(requestId);                                                       \
    } while (false)

class TestInspectorSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void opensAndReportsServerInfo();
    void configRefusedMeansPolling_data();
    void configRefusedMeansPolling();
    void unreachableServerIsAnError();
    void badUrlIsAnError();
    void scanListsExactlyThePattern();
    void scanSizeIsEstimatedFromTheFirstPage_data();
    void scanSizeIsEstimatedFromTheFirstPage();
    void cancelStopsTheScan();
    void resyncTellsOnlyWhatTheCountdownDoesNot();
    void keyspaceEventsUpdateTheTable();
    void withoutNotificationsResyncFindsVanishedKeys();
    void withNotificationsTheIdleWatcherReadsLittle();
    void withoutNotificationsResyncKeepsToTheBudget();
    void eachConnectionKeepsToItsOwnBudget_data();
    void eachConnectionKeepsToItsOwnBudget();
    void obtainRefreshReleaseRoundTrip();
    void obtainMultiAndNotObtained();
    void obtainRetriesWithoutHoldingUpOtherActions();
    void refreshOfALostLockIsNotHeld();
    void forceReleaseDeletesTheValueShown();
    void forceReleaseOfAChangedLockDeletesNothing();
    void forceReleaseOfAGoneKey();
    void forceReleaseOfAValueShownCutShort();
    void forceReleaseRemovesTheChosenRedissonHolder();
    void auxKeysAreReadInReadOnlyMode();
    void deleteRegardless();
    void badInputIsRefused_data();
    void badInputIsRefused();
    void readOnlyRefusesEveryWrite_data();
    void readOnlyRefusesEveryWrite();
    void readOnlyIsEnforcedByTheWorker();
    void commandPreview();
    void reconnectsAfterTheServerComesBack();
    void closeAndDestructionDuringAScan();
    void setExpiryIsACompareAndSet();
    void aFailedConnectionElsewhereKeepsTheWorkingOne();
    void locksLeftBehindAreRecognisedOnReturn();
    void aRetiredGenerationSaysNothingMore();

private:
    // A profile listing "<prefix>:*" on the shared server.
    [[nodiscard]] ConnectionProfile profileFor(const QByteArray &prefix) const;
    // Opens and waits until connected and the first scan is complete.
    static bool openAndScan(InspectorSession &session, Recorder &recorder,
                            const ConnectionProfile &profile);

    std::optional<RedisServer> server_; // with keyspace notifications
    std::optional<RawRedis> raw_;
};

void TestInspectorSession::initTestCase()
{
    RedisServerOptions options;
    options.notifyKeyspaceEvents = QStringLiteral("KEA");
    options.aclUsers << QStringLiteral("noconfig on >secret ~* &* +@all -config")
                     << QStringLiteral("noinfo on >secret ~* &* +@all -config -info -dbsize");
    server_.emplace(options);
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    raw_.emplace(server_->rawClient());
}

void TestInspectorSession::cleanup()
{
    // Every test uses keys of its own; emptying the server after each keeps later scans short
    // (the big seeds would otherwise be scanned past by every later test).
    QVERIFY(raw_->flushAll());
}

ConnectionProfile TestInspectorSession::profileFor(const QByteArray &prefix) const
{
    ConnectionProfile profile;
    profile.name = QStringLiteral("test");
    profile.url = server_->url();
    profile.prefix = QString::fromUtf8(prefix);
    return profile;
}

bool TestInspectorSession::openAndScan(InspectorSession &session, Recorder &recorder,
                                       const ConnectionProfile &profile)
{
    session.open(profile);
    if (session.state() != State::connecting)
        return false;
    QElapsedTimer timer;
    timer.start();
    // Generous: a scan of many keys under TSan on a loaded machine takes a while.
    while (!(recorder.hasState(State::connected) && recorder.completeScans()) &&
           timer.elapsed() < 3 * waitMs)
        QTest::qWait(10);
    return session.state() == State::connected && recorder.completeScans();
}

void TestInspectorSession::opensAndReportsServerInfo()
{
    InspectorSession session;
    Recorder recorder(session);
    QCOMPARE(session.state(), State::disconnected);
    session.open(profileFor(uniquePrefix()));
    QCOMPARE(session.state(), State::connecting);
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), State::connected, waitMs);
    QCOMPARE(recorder.states.first().at(0).value<State>(), State::connecting);
    QVERIFY(!recorder.states.last().at(1).toString().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.infos.isEmpty(), waitMs);
    const auto info = recorder.infos.first().at(0).value<ServerInfo>();
    QVERIFY2(info.version.startsWith(u'7') || info.version.startsWith(u'6'),
             qPrintable(info.version));
    QCOMPARE(info.role, QStringLiteral("master"));
    QCOMPARE(info.mode, QStringLiteral("standalone"));
    QCOMPARE(info.db, 0);
    QCOMPARE(info.keys, raw_->dbSize());
    QVERIFY(info.latencyMs > 0 && info.latencyMs < 1000);
    QVERIFY(info.keyspaceNotifications);
    QVERIFY(recorder.errors.isEmpty());

    session.close();
    QCOMPARE(session.state(), State::disconnected);
    QCOMPARE(recorder.states.last().at(0).value<State>(), State::disconnected);
}

void TestInspectorSession::configRefusedMeansPolling_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<bool>("hasInfo");
    QTest::newRow("CONFIG refused") << QStringLiteral("noconfig") << true;
    QTest::newRow("CONFIG, INFO and DBSIZE refused") << QStringLiteral("noinfo") << false;
}

void TestInspectorSession::configRefusedMeansPolling()
{
    QFETCH(QString, user);
    QFETCH(bool, hasInfo);
    const QByteArray prefix = uniquePrefix();
    QVERIFY(raw_->set(prefix + ":k", "v", 60s));
    InspectorSession session;
    Recorder recorder(session);
    ConnectionProfile profile = profileFor(prefix);
    profile.url = server_->url(user, {});
    profile.password = QStringLiteral("secret"); // from the keychain, not the URL
    session.open(profile);
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), State::connected, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.infos.isEmpty(), waitMs);
    const auto info = recorder.infos.first().at(0).value<ServerInfo>();
    QCOMPARE(!info.version.isEmpty(), hasInfo);
    QCOMPARE(info.keys > 0, hasInfo);
    QVERIFY2(!info.keyspaceNotifications, "CONFIG refused: unknown, so polling");
    // Inspecting works all the same.
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastFound(prefix + ":k").has_value(), waitMs);
    QVERIFY(recorder.errors.isEmpty());
}

void TestInspectorSession::unreachableServerIsAnError()
{
    InspectorSession session;
    Recorder recorder(session);
    ConnectionProfile profile;
    profile.url = QStringLiteral("redis://127.0.0.1:%1").arg(lockscope::test::closedLoopbackPort());
    session.open(profile);
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), State::disconnected, waitMs);
    QCOMPARE(recorder.errors.size(), 1);
    const QString message = recorder.errors.first().at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1")) && !message.contains(u'\n'),
             qPrintable(message));
    ActionResult result;
    WAIT_RESULT(recorder, session.deleteRegardless("k"), result);
    QCOMPARE(result.outcome, Outcome::refused);
    QVERIFY2(result.message.contains(QStringLiteral("not connected")), qPrintable(result.message));
    session.close(); // nothing left to close: no second "disconnected"
    QCOMPARE(recorder.states.size(), 2);
}

void TestInspectorSession::badUrlIsAnError()
{
    InspectorSession session;
    Recorder recorder(session);
    ConnectionProfile profile;
    profile.url = QStringLiteral("http://example.com");
    session.open(profile);
    QCOMPARE(session.state(), State::disconnected);
    QCOMPARE(recorder.errors.size(), 1);
    // Writes while disconnected are refused, not lost.
    const quint64 id = session.deleteRegardless("k");
    ActionResult result;
    WAIT_RESULT(recorder, id, result);
    QCOMPARE(result.outcome, Outcome::refused);
}

void TestInspectorSession::scanListsExactlyThePattern()
{
    const QByteArray prefix = uniquePrefix();
    QVERIFY(seed(*raw_, prefix, 2500));
    QVERIFY(seed(*raw_, prefix + "-outside", 100));
    const QByteArray lockKey = prefix + ":redislock";
    const QByteArray lockValue = "AbCdEfGhIjKlMnOpQrSt-_{\"service\":\"billing\"}";
    QVERIFY(raw_->set(lockKey, lockValue, 30s));

    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));
    QCOMPARE(recorder.scanStarts.size(), 1);
    QVERIFY2(recorder.found.size() > 1, "several pages");
    QSet<QByteArray> keys;
    for (const auto &lock : snapshotsOf(recorder.found)) {
        QVERIFY2(lock.key.startsWith(prefix + ':'), lock.key.constData());
        keys.insert(lock.key);
    }
    QCOMPARE(keys.size(), 2501);
    for (int i = 0; i < 2500; ++i)
        QVERIFY(keys.contains(prefix + ':' + QByteArray::number(i)));
    const auto lock = recorder.lastFound(lockKey);
    QVERIFY(lock);
    QCOMPARE(lock->format, redislock::LockFormat::redislock);
    QCOMPARE(lock->token(), QByteArray("AbCdEfGhIjKlMnOpQrSt-_"));
    QCOMPARE(lock->metadata(), QByteArray("{\"service\":\"billing\"}"));
    QVERIFY(lock->ttlMs > 0 && lock->ttlMs <= 30000);

    // Progress counts the keys SCAN returned, and grows.
    QVERIFY(!recorder.progress.isEmpty());
    quint64 last = 0;
    for (const auto &arguments : recorder.progress) {
        QVERIFY(arguments.at(0).toULongLong() >= last);
        last = arguments.at(0).toULongLong();
    }
    QCOMPARE(recorder.finished.last().at(1).toULongLong(), last);
    QVERIFY(last >= 2501);

    // One estimate of the scan's size, after its first page: about the 2,501 keys that match,
    // whatever else the test server holds (erring high rather than low).
    QCOMPARE(recorder.sized.size(), 1);
    const quint64 estimate = recorder.sized.first().at(0).toULongLong();
    QVERIFY2(estimate >= 1000 && estimate <= 10'000, QByteArray::number(estimate).constData());

    // rescan() runs another full scan.
    recorder.finished.clear();
    session.rescan();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.completeScans(), waitMs);
    QCOMPARE(recorder.scanStarts.size(), 2);
    QCOMPARE(recorder.sized.size(), 2);
}

void TestInspectorSession::scanSizeIsEstimatedFromTheFirstPage_data()
{
    QTest::addColumn<qint64>("databaseKeys");
    QTest::addColumn<qint64>("firstPage");
    QTest::addColumn<bool>("finished");
    QTest::addColumn<qint64>("estimate");
    // SCAN COUNT 1000 looks at 500 keys at least, the estimate's share of the database.
    QTest::newRow("every key matches") << 100'000LL << 760LL << false << 100'000LL;
    QTest::newRow("half of them") << 100'000LL << 250LL << false << 50'000LL;
    QTest::newRow("a narrow pattern") << 5'000'000LL << 1LL << false << 10'000LL;
    QTest::newRow("none in the first page") << 5'000'000LL << 0LL << false << 0LL;
    QTest::newRow("at most a million") << 50'000'000LL << 900LL << false << 1'000'000LL;
    QTest::newRow("smaller than a page") << 800LL << 300LL << false << 480LL;
    QTest::newRow("read whole in one page") << 500LL << 480LL << true << 480LL;
    QTest::newRow("size unknown") << 0LL << 700LL << false << 700LL;
    QTest::newRow("size below the page (stale)") << 100LL << 300LL << false << 300LL;
}

void TestInspectorSession::scanSizeIsEstimatedFromTheFirstPage()
{
    QFETCH(qint64, databaseKeys);
    QFETCH(qint64, firstPage);
    QFETCH(bool, finished);
    QFETCH(qint64, estimate);
    QCOMPARE(estimatedScanSize(databaseKeys, firstPage, 1000, finished), estimate);
}

void TestInspectorSession::cancelStopsTheScan()
{
    const QByteArray prefix = uniquePrefix();
    QVERIFY(seed(*raw_, prefix, 30000));
    InspectorSession session;
    Recorder recorder(session);
    session.open(profileFor(prefix));
    QVERIFY(recorder.progress.wait(waitMs));
    session.cancelScan();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.finished.isEmpty(), waitMs);
    QCOMPARE(recorder.finished.size(), 1);
    QCOMPARE(recorder.finished.first().at(0).toBool(), false);
    const quint64 scanned = recorder.finished.first().at(1).toULongLong();
    QVERIFY2(scanned < quint64(raw_->dbSize()), "stopped before the end");
    const qsizetype pages = recorder.progress.size();
    QTest::qWait(200); // nothing more arrives after the end (an absence: a short look suffices)
    QCOMPARE(recorder.progress.size(), pages);

    // A new scan after a cancel runs to completion.
    session.rescan();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.completeScans(), 3 * waitMs);
    QVERIFY(raw_->command({"DEL", "unused"}).integer == 0);
}

void TestInspectorSession::resyncTellsOnlyWhatTheCountdownDoesNot()
{
    // A server of its own: the test turns its events off half way.
    RedisServerOptions options;
    options.notifyKeyspaceEvents = QStringLiteral("KEA");
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    const QByteArray prefix = uniquePrefix();
    const QByteArray steady = prefix + ":steady";
    const QByteArray changed = prefix + ":changed";
    QVERIFY(raw.set(steady, "v", 20s));
    QVERIFY(raw.set(changed, "v", 20s));
    InspectorSession session;
    Recorder recorder(session);
    session.setResyncInterval(100ms);
    // Events flow: only the sweep re-reads, this fast here.
    session.setSweepPeriod(100ms);
    ConnectionProfile profile = profileFor(prefix);
    profile.url = server.url();
    QVERIFY(openAndScan(session, recorder, profile));

    // The sweep reads both keys again and again; both count down as they were read, which the
    // table knows already: nothing is passed on.
    QVERIFY(!raw.command({"CONFIG", "RESETSTAT"}).isError());
    QTRY_VERIFY_WITH_TIMEOUT(commandCalls(raw).value(u"pttl"_s) >= 10, waitMs);
    QCOMPARE(rereadKeys(recorder, 0), QSet<QByteArray>{});

    // A change that no event tells of (events off, then a new expiry) still reaches the table,
    // from the next re-read.
    QVERIFY(!raw.command({"CONFIG", "SET", "notify-keyspace-events", ""}).isError());
    QCOMPARE(raw.command({"PEXPIRE", changed, "600000"}).integer, 1);
    QTRY_VERIFY_WITH_TIMEOUT(rereadKeys(recorder, 0).contains(changed), waitMs);
    qint64 ttl = 0;
    for (const auto &arguments : std::as_const(recorder.resynced))
        for (const TtlSample &sample : arguments.at(0).value<QList<TtlSample>>())
            if (sample.key == changed)
                ttl = sample.ttlMs;
    QVERIFY2(ttl > 500'000, qPrintable(QString::number(ttl)));
}

void TestInspectorSession::keyspaceEventsUpdateTheTable()
{
    const QByteArray prefix = uniquePrefix();
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.infos.size() >= 1, waitMs);
    // The listener subscribes on its own thread; give it until a probe key shows up.
    const QByteArray probe = prefix + ":probe";
    QTRY_VERIFY_WITH_TIMEOUT((raw_->set(probe, "p", 60s), recorder.lastFound(probe).has_value()),
                             waitMs);

    const QByteArray outside = prefix + "-outside:1";
    const QByteArray key = prefix + ":set";
    QVERIFY(raw_->set(outside, "x", 60s));
    QVERIFY(raw_->set(key, "AbCdEfGhIjKlMnOpQrSt-_meta", 60s));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastFound(key).has_value(), waitMs);
    QCOMPARE(recorder.lastFound(key)->value, QByteArray("AbCdEfGhIjKlMnOpQrSt-_meta"));
    QVERIFY(recorder.lastFound(key)->ttlMs > 50000);
    QVERIFY2(!recorder.lastFound(outside), "keys outside the pattern are not reported");

    // expire (a refresh) re-reads the key with its new ttl.
    raw_->command({"PEXPIRE", key, "5000"});
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastFound(key)->ttlMs <= 5000, waitMs);

    QCOMPARE(raw_->del(key), 1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.removal(key).has_value(), waitMs);
    QCOMPARE(*recorder.removal(key), KeyRemoval::deleted);

    const QByteArray shortLived = prefix + ":short";
    QVERIFY(raw_->set(shortLived, "v", 300ms));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastFound(shortLived).has_value(), waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.removal(shortLived).has_value(), waitMs);
    QCOMPARE(*recorder.removal(shortLived), KeyRemoval::expired);
}

void TestInspectorSession::withoutNotificationsResyncFindsVanishedKeys()
{
    RedisServer server; // notifications off
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    const QByteArray prefix = uniquePrefix();
    const QByteArray key = prefix + ":gone";
    QVERIFY(raw.set(key, "v", 60s));
    InspectorSession session;
    Recorder recorder(session);
    session.setResyncInterval(100ms);
    ConnectionProfile profile = profileFor(prefix);
    profile.url = server.url();
    QVERIFY(openAndScan(session, recorder, profile));
    QVERIFY(!recorder.infos.first().at(0).value<ServerInfo>().keyspaceNotifications);
    QVERIFY(recorder.lastFound(key));

    QCOMPARE(raw.del(key), 1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.removal(key).has_value(), waitMs);
    QCOMPARE(*recorder.removal(key), KeyRemoval::vanished);

    // New keys come with the next scan.
    const QByteArray added = prefix + ":added";
    QVERIFY(raw.set(added, "v", 60s));
    session.rescan();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastFound(added).has_value(), waitMs);
}

// Commands the server ran since CONFIG RESETSTAT, leaving out the test's own INFO and CONFIG.
static qint64 watcherCommands(const QHash<QString, qint64> &calls)
{
    qint64 total = 0;
    for (auto it = calls.cbegin(); it != calls.cend(); ++it)
        if (it.key() != u"info" && !it.key().startsWith(u"config"))
            total += it.value();
    return total;
}

void TestInspectorSession::withNotificationsTheIdleWatcherReadsLittle()
{
    // Keyspace events carry the changes: no key is re-read every second, only by the slow
    // sweep (and around its expiry), whatever the polling interval says.
    const QByteArray prefix = uniquePrefix();
    constexpr int keys = 3000;
    QVERIFY(seed(*raw_, prefix, keys));
    const QByteArray refreshed = prefix + ":refreshed";
    const QByteArray deleted = prefix + ":deleted";
    QVERIFY(raw_->set(refreshed, "AbCdEfGhIjKlMnOpQrSt-_", 60s));
    QVERIFY(raw_->set(deleted, "AbCdEfGhIjKlMnOpQrSt-_", 60s));
    InspectorSession session;
    Recorder recorder(session);
    session.setResyncInterval(100ms); // what polling would do: every key ten times a second
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));
    const QByteArray probe = prefix + ":probe";
    QTRY_VERIFY_WITH_TIMEOUT((raw_->set(probe, "p", 60s), recorder.lastFound(probe).has_value()),
                             waitMs);
    const ServerInfo info = recorder.infos.last().at(0).value<ServerInfo>();
    QCOMPARE(info.resyncCycleMs, qint64(0)); // nothing is polled
    QVERIFY(info.sweepCycleMs >= 60'000);

    QVERIFY(!raw_->command({"CONFIG", "RESETSTAT"}).isError());
    QElapsedTimer window;
    window.start();
    // Changes made on the server still reach the table: a new lock, a refresh, a delete.
    const QByteArray added = prefix + ":added";
    QVERIFY(raw_->set(added, "ZyXwVuTsRqPoNmLkJiHg-_", 30s));
    raw_->command({"PEXPIRE", refreshed, "5000"});
    QCOMPARE(raw_->del(deleted), 1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastFound(added).has_value(), waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastFound(refreshed)->ttlMs <= 5000, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.removal(deleted).has_value(), waitMs);
    QCOMPARE(*recorder.removal(deleted), KeyRemoval::deleted);
    QTest::qWait(2000); // and idle for a while

    const QHash<QString, qint64> calls = commandCalls(*raw_);
    QVERIFY(!calls.isEmpty());
    const qint64 elapsed = window.elapsed();
    // The sweep's share of the window (60 s for every key), the changed keys' reads, slack.
    const qint64 bound = keys * elapsed / 60'000 * 3 / 2 + 100;
    QVERIFY2(
        calls.value(u"pttl"_s) <= bound,
        qPrintable(
            u"%1 PTTL in %2 ms, bound %3"_s.arg(calls.value(u"pttl"_s)).arg(elapsed).arg(bound)));
    // Polling at 100 ms would have sent keys x 10 a second.
    QVERIFY(watcherCommands(calls) < qint64(keys) * elapsed / 1000);
}

void TestInspectorSession::withoutNotificationsResyncKeepsToTheBudget()
{
    RedisServer server; // notifications off
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    const QByteArray prefix = uniquePrefix();
    constexpr int keys = 2000;
    constexpr int budget = 400;
    QVERIFY(seed(raw, prefix, keys));
    InspectorSession session;
    Recorder recorder(session);
    session.setResyncInterval(100ms); // would be 20,000 PTTL a second
    session.setCommandBudget(budget);
    ConnectionProfile profile = profileFor(prefix);
    profile.url = server.url();
    QVERIFY(openAndScan(session, recorder, profile));

    // The staleness this implies is told: every key about every keys / budget seconds.
    QTRY_VERIFY_WITH_TIMEOUT(recorder.infos.last().at(0).value<ServerInfo>().resyncCycleMs >=
                                 keys * 1000 / budget * 9 / 10,
                             waitMs);
    QCOMPARE(recorder.infos.last().at(0).value<ServerInfo>().resyncBudget, budget);

    QVERIFY(!raw.command({"CONFIG", "RESETSTAT"}).isError());
    QElapsedTimer window;
    window.start();
    const qsizetype from = recorder.resynced.size();
    // Eventually every key is re-read.
    QTRY_VERIFY_WITH_TIMEOUT(rereadKeys(recorder, from).size() >= keys, 6 * waitMs);
    const QHash<QString, qint64> calls = commandCalls(raw);
    QVERIFY(!calls.isEmpty());
    const qint64 elapsed = window.elapsed();
    // At most the budget's rate, a second's worth saved up, and the status reads (PING, INFO,
    // DBSIZE every few seconds).
    const qint64 bound = budget * elapsed / 1000 + budget + 50;
    QVERIFY2(watcherCommands(calls) <= bound,
             qPrintable(u"%1 commands in %2 ms, bound %3"_s.arg(watcherCommands(calls))
                            .arg(elapsed)
                            .arg(bound)));
}

void TestInspectorSession::eachConnectionKeepsToItsOwnBudget_data()
{
    QTest::addColumn<int>("defaultAtOpen"); // the app's budget when the connection opens
    QTest::addColumn<int>("defaultLater");  // ... and as the operator changes it meanwhile
    QTest::addColumn<int>("ownBudget");     // the connection profile's (0: none)
    QTest::addColumn<int>("expected");
    // A production server given less than the app's default; raising the default later does
    // not reach it.
    QTest::newRow("its own, below the default") << 5000 << 20000 << 300 << 300;
    // A connection without one follows the default, also when it changes.
    QTest::newRow("none: the default, as it changes") << 20000 << 300 << 0 << 300;
}

void TestInspectorSession::eachConnectionKeepsToItsOwnBudget()
{
    QFETCH(int, defaultAtOpen);
    QFETCH(int, defaultLater);
    QFETCH(int, ownBudget);
    QFETCH(int, expected);
    RedisServer server; // notifications off: every key is polled
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    const QByteArray prefix = uniquePrefix();
    constexpr int keys = 1200;
    QVERIFY(seed(raw, prefix, keys));
    InspectorSession session;
    Recorder recorder(session);
    session.setResyncInterval(100ms); // would be 12,000 PTTL a second
    session.setCommandBudget(defaultAtOpen);
    ConnectionProfile profile = profileFor(prefix);
    profile.url = server.url();
    profile.resyncBudget = ownBudget;
    QVERIFY(openAndScan(session, recorder, profile));
    session.setCommandBudget(defaultLater);
    QCOMPARE(session.commandBudget(), defaultLater);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.infos.last().at(0).value<ServerInfo>().resyncBudget,
                              expected, waitMs);

    // The server's own count of what the inspector sent while it re-read every key once.
    QVERIFY(!raw.command({"CONFIG", "RESETSTAT"}).isError());
    QElapsedTimer window;
    window.start();
    const qsizetype from = recorder.resynced.size();
    QTRY_VERIFY_WITH_TIMEOUT(rereadKeys(recorder, from).size() >= keys, 6 * waitMs);
    const QHash<QString, qint64> calls = commandCalls(raw);
    const qint64 elapsed = window.elapsed();
    QVERIFY(calls.value(u"pttl"_s) >= keys);
    const qint64 bound = expected * elapsed / 1000 + expected + 50;
    QVERIFY2(watcherCommands(calls) <= bound,
             qPrintable(u"%1 commands in %2 ms, bound %3"_s.arg(watcherCommands(calls))
                            .arg(elapsed)
                            .arg(bound)));
}

void TestInspectorSession::obtainRefreshReleaseRoundTrip()
{
    const QByteArray prefix = uniquePrefix();
    const QByteArray key = prefix + ":mine";
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));

    ObtainRequest request;
    request.keys = {key};
    request.ttlMs = 10000;
    request.metadata = "{\"service\":\"lockscope\"}";
    request.retrySpec = QStringLiteral("linear(10ms)");
    const quint64 id = session.obtain(request);
    ActionResult result;
    WAIT_RESULT(recorder, id, result);
    QCOMPARE(result.outcome, Outcome::done);
    QCOMPARE(result.action, LockAction::obtain);
    QCOMPARE(result.key, key);
    QCOMPARE(result.connection, QStringLiteral("test"));
    QCOMPARE(result.ttlMs, 10000);
    QCOMPARE(result.time.timeSpec(), Qt::UTC);
    QVERIFY(result.value.endsWith(request.metadata));
    QCOMPARE(result.value.size(), 22 + request.metadata.size());
    QCOMPARE(raw_->get(key), std::optional<QByteArray>(result.value));
    QTRY_VERIFY_WITH_TIMEOUT(session.holds(key), waitMs);
    QCOMPARE(recorder.heldChanges(key), QList<bool>{true});
    // The table hears of it like of any other lock.
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastFound(key).has_value(), waitMs);

    const quint64 refreshed = session.refresh(key, 30000);
    WAIT_RESULT(recorder, refreshed, result);
    QCOMPARE(result.outcome, Outcome::done);
    QVERIFY(raw_->pttl(key) > 20000);
    QVERIFY(session.holds(key));

    const quint64 released = session.release(key);
    WAIT_RESULT(recorder, released, result);
    QCOMPARE(result.outcome, Outcome::done);
    QVERIFY(!raw_->exists(key));
    QTRY_VERIFY_WITH_TIMEOUT(!session.holds(key), waitMs);
    QCOMPARE(recorder.heldChanges(key), (QList<bool>{true, false}));

    // Not ours any more: refused, nothing sent.
    const quint64 again = session.release(key);
    WAIT_RESULT(recorder, again, result);
    QCOMPARE(result.outcome, Outcome::refused);
    QVERIFY2(result.message.contains(QStringLiteral("not a lock this app holds")),
             qPrintable(result.message));
}

void TestInspectorSession::obtainMultiAndNotObtained()
{
    const QByteArray prefix = uniquePrefix();
    const QByteArray a = prefix + ":a";
    const QByteArray b = prefix + ":b";
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));

    ObtainRequest request;
    request.keys = {a, b};
    request.ttlMs = 10000;
    request.token = "my-own-token";
    ActionResult result;
    WAIT_RESULT(recorder, session.obtain(request), result);
    QCOMPARE(result.outcome, Outcome::done);
    QCOMPARE(raw_->get(a), std::optional<QByteArray>("my-own-token"));
    QCOMPARE(raw_->get(b), std::optional<QByteArray>("my-own-token"));
    QTRY_VERIFY_WITH_TIMEOUT(session.holds(a) && session.holds(b), waitMs);

    // Held by someone else: the strategy's retries run out before the ttl does.
    const QByteArray taken = prefix + ":taken";
    QVERIFY(raw_->set(taken, "someone-elses-token", 60s));
    ObtainRequest contended;
    contended.keys = {taken};
    contended.ttlMs = 300;
    contended.retrySpec = QStringLiteral("limit(linear(20ms),3)");
    WAIT_RESULT(recorder, session.obtain(contended), result);
    QCOMPARE(result.outcome, Outcome::notObtained);
    QVERIFY(!session.holds(taken));
    QCOMPARE(raw_->get(taken), std::optional<QByteArray>("someone-elses-token"));

    // Releasing one key of a multi-key lock releases it all.
    WAIT_RESULT(recorder, session.release(b), result);
    QCOMPARE(result.outcome, Outcome::done);
    QVERIFY(!raw_->exists(a) && !raw_->exists(b));
    QTRY_VERIFY_WITH_TIMEOUT(!session.holds(a) && !session.holds(b), waitMs);
}

void TestInspectorSession::obtainRetriesWithoutHoldingUpOtherActions()
{
    const QByteArray prefix = uniquePrefix();
    const QByteArray taken = prefix + ":taken";
    const QByteArray other = prefix + ":other";
    QVERIFY(raw_->set(taken, "someone-elses-token", 60s));
    QVERIFY(raw_->set(other, "v", 60s));
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));

    ObtainRequest request;
    request.keys = {taken};
    request.ttlMs = 20000; // retries may go on for up to one ttl
    request.retrySpec = QStringLiteral("linear(20ms)");
    const quint64 obtaining = session.obtain(request);
    const quint64 deleting = session.deleteRegardless(other);
    ActionResult result;
    WAIT_RESULT(recorder, deleting, result);
    QCOMPARE(result.outcome, Outcome::done);
    QVERIFY2(!recorder.result(obtaining), "the obtain is still retrying");
    QVERIFY(!raw_->exists(other));

    // The holder lets go: the next attempt gets it.
    QCOMPARE(raw_->del(taken), 1);
    WAIT_RESULT(recorder, obtaining, result);
    QCOMPARE(result.outcome, Outcome::done);
    QCOMPARE(raw_->get(taken), std::optional<QByteArray>(result.value));
    QTRY_VERIFY_WITH_TIMEOUT(session.holds(taken), waitMs);
}

void TestInspectorSession::refreshOfALostLockIsNotHeld()
{
    const QByteArray prefix = uniquePrefix();
    const QByteArray key = prefix + ":lost";
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));
    ObtainRequest request;
    request.keys = {key};
    request.ttlMs = 10000;
    ActionResult result;
    WAIT_RESULT(recorder, session.obtain(request), result);
    QCOMPARE(result.outcome, Outcome::done);
    QTRY_VERIFY_WITH_TIMEOUT(session.holds(key), waitMs);

    // Someone takes it over behind our back.
    QVERIFY(raw_->set(key, "another-token-entirely", 60s));
    WAIT_RESULT(recorder, session.refresh(key, 10000), result);
    QCOMPARE(result.outcome, Outcome::notHeld);
    QTRY_VERIFY_WITH_TIMEOUT(!session.holds(key), waitMs);
    QCOMPARE(recorder.heldChanges(key), (QList<bool>{true, false}));
    QCOMPARE(raw_->get(key), std::optional<QByteArray>("another-token-entirely"));

    // A held lock that expires is let go of when the session sees it removed.
    const QByteArray brief = prefix + ":brief";
    request.keys = {brief};
    request.ttlMs = 300;
    WAIT_RESULT(recorder, session.obtain(request), result);
    QCOMPARE(result.outcome, Outcome::done);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.removal(brief).has_value(), waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!session.holds(brief), waitMs);
}

void TestInspectorSession::forceReleaseDeletesTheValueShown()
{
    const QByteArray prefix = uniquePrefix();
    const QByteArray key = prefix + ":foreign";
    const QByteArray value = QByteArray("AbCdEfGhIjKlMnOpQrSt-_{\"pid\":1}\0\xff", 33);
    QVERIFY(raw_->set(key, value, 60s));
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));
    const auto shown = recorder.lastFound(key);
    QVERIFY(shown);
    QCOMPARE(shown->value, value);

    ActionResult result;
    WAIT_RESULT(recorder, session.forceRelease(key, shown->value), result);
    QCOMPARE(result.outcome, Outcome::done);
    QCOMPARE(result.action, LockAction::forceRelease);
    QCOMPARE(result.value, value);
    QVERIFY(!raw_->exists(key));
}

void TestInspectorSession::forceReleaseOfAChangedLockDeletesNothing()
{
    const QByteArray prefix = uniquePrefix();
    const QByteArray key = prefix + ":changed";
    const QByteArray before = "AbCdEfGhIjKlMnOpQrSt-_{\"owner\":\"a\"}";
    const QByteArray after = "ZyXwVuTsRqPoNmLkJiHg-_{\"owner\":\"b\"}";
    QVERIFY(raw_->set(key, before, 60s));
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));
    const auto shown = recorder.lastFound(key);
    QVERIFY(shown && shown->value == before);

    // While the operator reads the confirmation, the lock changes hands.
    QVERIFY(raw_->set(key, after, 45s));
    ActionResult result;
    WAIT_RESULT(recorder, session.forceRelease(key, shown->value), result);
    QCOMPARE(result.outcome, Outcome::changedHands);
    QVERIFY2(result.message.contains(QStringLiteral("changed hands")), qPrintable(result.message));
    QCOMPARE(result.value, before);
    QCOMPARE(raw_->get(key), std::optional<QByteArray>(after));
    const qint64 ttl = raw_->pttl(key);
    QVERIFY2(ttl > 40000 && ttl <= 45000, "untouched, ttl included");
}

void TestInspectorSession::forceReleaseOfAGoneKey()
{
    const QByteArray prefix = uniquePrefix();
    const QByteArray key = prefix + ":gone";
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));
    ActionResult result;
    WAIT_RESULT(recorder, session.forceRelease(key, "AbCdEfGhIjKlMnOpQrSt-_"), result);
    QCOMPARE(result.outcome, Outcome::changedHands);
    QVERIFY2(result.message.contains(QStringLiteral("gone")), qPrintable(result.message));
    QVERIFY(!raw_->exists(key));
}

void TestInspectorSession::forceReleaseOfAValueShownCutShort()
{
    const QByteArray prefix = uniquePrefix();
    const QByteArray key = prefix + ":big";
    const QByteArray value = "AbCdEfGhIjKlMnOpQrSt-_" + QByteArray(10000, 'm');
    QVERIFY(raw_->set(key, value, 60s));
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));
    const auto shown = recorder.lastFound(key);
    QVERIFY(shown && shown->truncated());
    QCOMPARE(shown->valueSize, value.size());
    ActionResult result;
    WAIT_RESULT(recorder, session.forceRelease(key, shown->value), result);
    QCOMPARE(result.outcome, Outcome::changedHands);
    QVERIFY2(
        result.message.contains(
            QStringLiteral("first %1 of the %2 bytes").arg(shown->value.size()).arg(value.size())),
        qPrintable(result.message));
    QCOMPARE(raw_->get(key), std::optional<QByteArray>(value));
}

void TestInspectorSession::deleteRegardless()
{
    const QByteArray prefix = uniquePrefix();
    const QByteArray key = prefix + QByteArray(":bin\0ary", 8);
    QVERIFY(raw_->set(key, "whatever it holds", 60s));
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));
    ActionResult result;
    WAIT_RESULT(recorder, session.deleteRegardless(key), result);
    QCOMPARE(result.outcome, Outcome::done);
    QCOMPARE(result.action, LockAction::deleteRegardless);
    QVERIFY(!raw_->exists(key));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.removal(key), std::optional(KeyRemoval::deleted), waitMs);

    WAIT_RESULT(recorder, session.deleteRegardless(key), result);
    QCOMPARE(result.outcome, Outcome::done);
    QVERIFY2(result.message.contains(QStringLiteral("did not exist")), qPrintable(result.message));
}

void TestInspectorSession::badInputIsRefused_data()
{
    QTest::addColumn<int>("action");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<qint64>("ttlMs");
    QTest::addColumn<QString>("retrySpec");
    QTest::addColumn<QString>("says");
    const auto obtain = int(LockAction::obtain);
    const auto none = QStringLiteral("none");
    QTest::newRow("obtain, empty key")
        << obtain << QByteArray() << qint64(1000) << none << QStringLiteral("key is empty");
    QTest::newRow("obtain, ttl 0")
        << obtain << QByteArray("k") << qint64(0) << none << QStringLiteral("at least 1 ms");
    QTest::newRow("obtain, negative ttl")
        << obtain << QByteArray("k") << qint64(-5) << none << QStringLiteral("at least 1 ms");
    QTest::newRow("obtain, malformed retry spec")
        << obtain << QByteArray("k") << qint64(1000) << QStringLiteral("linear(")
        << QStringLiteral("retry strategy");
    QTest::newRow("refresh, ttl 0") << int(LockAction::refresh) << QByteArray("k") << qint64(0)
                                    << none << QStringLiteral("at least 1 ms");
    QTest::newRow("release, empty key") << int(LockAction::release) << QByteArray() << qint64(0)
                                        << none << QStringLiteral("key is empty");
    QTest::newRow("force-release, empty key")
        << int(LockAction::forceRelease) << QByteArray() << qint64(0) << none
        << QStringLiteral("key is empty");
    QTest::newRow("delete, empty key") << int(LockAction::deleteRegardless) << QByteArray()
                                       << qint64(0) << none << QStringLiteral("key is empty");
    QTest::newRow("set expiry, empty key")
        << int(LockAction::setExpiry) << QByteArray() << qint64(1000) << none
        << QStringLiteral("key is empty");
    QTest::newRow("set expiry, zero ttl") << int(LockAction::setExpiry) << QByteArray("k")
                                          << qint64(-5) << none << QStringLiteral("at least 1 ms");
}

void TestInspectorSession::badInputIsRefused()
{
    QFETCH(int, action);
    QFETCH(QByteArray, key);
    QFETCH(qint64, ttlMs);
    QFETCH(QString, retrySpec);
    QFETCH(QString, says);
    InspectorSession session;
    Recorder recorder(session);
    session.open(profileFor(uniquePrefix()));
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), State::connected, waitMs);
    quint64 id = 0;
    switch (LockAction(action)) {
    case LockAction::obtain: {
        ObtainRequest request;
        request.keys = {key};
        request.ttlMs = ttlMs;
        request.retrySpec = retrySpec;
        id = session.obtain(request);
        break;
    }
    case LockAction::refresh:
        id = session.refresh(key, ttlMs);
        break;
    case LockAction::release:
        id = session.release(key);
        break;
    case LockAction::forceRelease:
        id = session.forceRelease(key, "v");
        break;
    case LockAction::deleteRegardless:
        id = session.deleteRegardless(key);
        break;
    case LockAction::setExpiry:
        id = session.setExpiry(key, "v", ttlMs);
        break;
    case LockAction::harnessRun:
    case LockAction::failover:
        QFAIL("not a session action");
    }
    QVERIFY(id > 0);
    QVERIFY2(recorder.actions.isEmpty(), "the caller has the id before the outcome arrives");
    ActionResult result;
    WAIT_RESULT(recorder, id, result);
    QCOMPARE(result.outcome, Outcome::refused);
    QCOMPARE(int(result.action), action);
    QVERIFY2(result.message.contains(says), qPrintable(result.message));
    QVERIFY(!result.message.contains(u'\n'));
}

// A Redisson read lock of two readers: the operator picks one, the core's force-release takes
// exactly that one out of exactly the hash shown, and the audit entry names the format and the
// holder. Shown again after a re-entry (a hold count changed), the hash is left untouched.
void TestInspectorSession::forceReleaseRemovesTheChosenRedissonHolder()
{
    const QByteArray prefix = uniquePrefix();
    const QByteArray key = prefix + ":catalog";
    const QByteArray first = "2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57";
    const QByteArray second = "9e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0:12";
    QVERIFY(!raw_->command({"HSET", key, "mode", "read", first, "1", second, "1"}).isError());
    QVERIFY(!raw_->command({"PEXPIRE", key, "60000"}).isError());
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));
    auto shown = recorder.lastFound(key);
    QVERIFY(shown);
    QCOMPARE(shown->format, redislock::LockFormat::redissonRwlock);
    QCOMPARE(shown->extra().holderFields, QList<QByteArray>({first, second}));
    QCOMPARE(shown->extra().hash.size(), 3);
    QVERIFY(shown->holderFactsText().contains(u"9e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0"_s));

    ActionResult result;
    WAIT_RESULT(recorder, session.forceRelease(*shown, second), result);
    QCOMPARE(result.outcome, Outcome::done);
    QCOMPARE(result.format, u"redisson-rwlock"_s);
    QCOMPARE(result.holder, second);
    QCOMPARE(raw_->command({"HLEN", key}).integer, 2);
    QCOMPARE(raw_->command({"HGET", key, first}).str, QByteArray("1"));
    QVERIFY(raw_->command({"HGET", key, second}).isNil());
    const QByteArray audit = AuditLog::toJsonLine(result);
    QVERIFY2(audit.contains("\"format\":\"redisson-rwlock\""), audit.constData());
    QVERIFY2(audit.contains("\"holder\":\"" + second + '"'), audit.constData());
    QVERIFY2(audit.contains("mode=read"), audit.constData());

    // The remaining reader re-enters after the hash was shown: nothing is removed.
    QTRY_VERIFY_WITH_TIMEOUT(
        recorder.lastFound(key) && recorder.lastFound(key)->extra().hash.size() == 2, waitMs);
    shown = recorder.lastFound(key);
    QVERIFY(!raw_->command({"HINCRBY", key, first, "1"}).isError());
    WAIT_RESULT(recorder, session.forceRelease(*shown, first), result);
    QCOMPARE(result.outcome, Outcome::changedHands);
    QVERIFY2(result.message.contains(u"changed since it was shown"_s), qPrintable(result.message));
    QCOMPARE(raw_->command({"HGET", key, first}).str, QByteArray("2"));
    QCOMPARE(raw_->command({"HGET", key, "mode"}).str, QByteArray("read"));

    // A holder that is not in the hash shown is refused before anything is sent.
    WAIT_RESULT(recorder, session.forceRelease(*shown, "nobody:1"), result);
    QCOMPARE(result.outcome, Outcome::refused);
    QCOMPARE(raw_->command({"HGET", key, first}).str, QByteArray("2"));
}

// A lock's auxiliary keys and the pattern's orphans, read in read-only mode: the answers name
// the right keys, count the orphans with their memory, and the server counts no write.
void TestInspectorSession::auxKeysAreReadInReadOnlyMode()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    const QByteArray prefix = uniquePrefix();
    const QByteArray lock = prefix + ":warehouse";
    QVERIFY(!raw.command({"HSET", lock, "2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57", "2"}).isError());
    QVERIFY(raw.set("redisson_lock_token:{" + lock + "}", "12"));
    QVERIFY(raw.set("redisson_lock_token:{" + prefix + ":retired}", "3"));
    QVERIFY(raw.set(prefix + ":orders:99:fence", "41"));

    InspectorSession session;
    Recorder recorder(session);
    ConnectionProfile profile = profileFor(prefix);
    profile.url = server.url();
    profile.readOnly = true;
    QVERIFY(openAndScan(session, recorder, profile));
    const auto shown = recorder.lastFound(lock);
    QVERIFY(shown);
    QVERIFY(!raw.command({"CONFIG", "RESETSTAT"}).isError());

    QSignalSpy checked(&session, &InspectorSession::auxKeysChecked);
    session.checkAuxKeys(*shown);
    QVERIFY(checked.wait(waitMs));
    const auto check = checked.at(0).at(0).value<AuxKeyCheck>();
    QVERIFY2(check.error.isEmpty(), qPrintable(check.error));
    QCOMPARE(check.key, lock);
    QCOMPARE(check.keys.size(), 1);
    QCOMPARE(check.keys[0].key, "redisson_lock_token:{" + lock + "}");
    QCOMPARE(check.keys[0].kind, u"redisson-fence-token"_s);
    QCOMPARE(check.keys[0].ttlMs, -1);

    QSignalSpy scanned(&session, &InspectorSession::auxKeysScanned);
    session.scanAuxKeys();
    QVERIFY(scanned.wait(waitMs));
    const auto report = scanned.at(0).at(0).value<AuxKeyReport>();
    QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
    QCOMPARE(report.keys.size(), 3);
    QCOMPARE(report.orphans, 2);
    QVERIFY(report.orphanBytes > 0);
    for (const AuxKeyState &aux : report.keys)
        QCOMPARE(aux.orphan, aux.lockKey != lock);

    const QStringList writes = nonReadCommands(raw);
    QVERIFY2(writes.isEmpty(), qPrintable(writes.join(u' ')));
}

void TestInspectorSession::readOnlyRefusesEveryWrite_data()
{
    QTest::addColumn<bool>("perConnection");
    QTest::newRow("profile.readOnly") << true;
    QTest::newRow("setReadOnly(true)") << false;
}

void TestInspectorSession::readOnlyRefusesEveryWrite()
{
    QFETCH(bool, perConnection);
    RedisServerOptions options;
    options.notifyKeyspaceEvents = QStringLiteral("KEA");
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    const QByteArray prefix = uniquePrefix();
    const QByteArray key = prefix + ":lock";
    const QByteArray value = "AbCdEfGhIjKlMnOpQrSt-_";
    QVERIFY(raw.set(key, value, 60s));

    InspectorSession session;
    Recorder recorder(session);
    session.setResyncInterval(50ms);
    session.setSweepPeriod(50ms); // in case the server publishes keyspace events
    ConnectionProfile profile = profileFor(prefix);
    profile.url = server.url();
    profile.readOnly = perConnection;
    if (!perConnection)
        session.setReadOnly(true);
    QCOMPARE(session.readOnly(), !perConnection);
    QVERIFY(openAndScan(session, recorder, profile));
    QVERIFY(session.readOnly());
    QVERIFY(!raw.command({"CONFIG", "RESETSTAT"}).isError());

    ObtainRequest request;
    request.keys = {prefix + ":new"};
    request.ttlMs = 1000;
    // A Redisson hash as shown, for its per-holder force-release.
    const QByteArray hashKey = prefix + ":redisson";
    const QByteArray holder = "2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57";
    QVERIFY(!raw.command({"HSET", hashKey, holder, "1"}).isError());
    QVERIFY(!raw.command({"CONFIG", "RESETSTAT"}).isError());
    LockSnapshot hash;
    hash.key = hashKey;
    hash.mutableExtra().type = "hash";
    hash.mutableExtra().hash = {{holder, "1"}};
    hash.format = redislock::LockFormat::redisson;
    hash.mutableExtra().holderFields = {holder};
    const QList<quint64> ids{session.obtain(request),
                             session.refresh(key, 1000),
                             session.release(key),
                             session.forceRelease(key, value),
                             session.deleteRegardless(key),
                             session.setExpiry(key, value, 1000),
                             session.forceRelease(hash, holder)};
    for (const quint64 id : ids) {
        ActionResult result;
        WAIT_RESULT(recorder, id, result);
        QCOMPARE(result.outcome, Outcome::refused);
        QVERIFY2(result.message.contains(QStringLiteral("read-only")), qPrintable(result.message));
    }
    // Reads go on (a few re-syncs, as the server counts them) while writes stay refused.
    const qint64 rereads = commandCalls(raw).value(u"pttl"_s);
    QTRY_VERIFY_WITH_TIMEOUT(commandCalls(raw).value(u"pttl"_s) >= rereads + 3, waitMs);
    QCOMPARE(raw.get(key), std::optional<QByteArray>(value));
    QVERIFY(!raw.exists(prefix + ":new"));
    const QStringList writes = nonReadCommands(raw);
    QVERIFY2(writes.isEmpty(), qPrintable(writes.join(u' ')));
    QCOMPARE(raw.command({"HGET", hashKey, holder}).str, QByteArray("1"));

    // Leaving read-only mode allows writes again.
    if (!perConnection) {
        session.setReadOnly(false);
        ActionResult result;
        WAIT_RESULT(recorder, session.deleteRegardless(key), result);
        QCOMPARE(result.outcome, Outcome::done);
    }
}

void TestInspectorSession::readOnlyIsEnforcedByTheWorker()
{
    // Not only the session's checks: a request that reaches the worker is refused there too.
    const QByteArray key = uniquePrefix() + ":lock";
    QVERIFY(raw_->set(key, "v", 60s));
    auto client = redislock::Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    auto gate = std::make_shared<WriteGate>();
    gate->setReadOnly(true);
    ActionWorker worker(*client, profileFor("x"), {}, gate);
    QSignalSpy finished(&worker, &ActionWorker::actionFinished);
    ObtainRequest request;
    request.keys = {key + ":new"};
    request.ttlMs = 1000;
    worker.obtain(1, request);
    LockSnapshot shown;
    shown.key = key;
    shown.value = "v";
    shown.valueSize = 1;
    worker.forceRelease(2, shown, {});
    worker.deleteRegardless(3, key, "v");
    worker.setExpiry(4, key, "v", 1000);
    QCOMPARE(finished.size(), 4);
    for (const auto &arguments : finished)
        QCOMPARE(arguments.at(0).value<ActionResult>().outcome, Outcome::refused);
    QCOMPARE(raw_->get(key), std::optional<QByteArray>("v"));
    QVERIFY(!raw_->exists(key + ":new"));
}

void TestInspectorSession::commandPreview()
{
    InspectorSession session;
    LockSnapshot lock;
    lock.key = QByteArray("shop:orders:42");
    lock.value = QByteArray("AbCdEfGhIjKlMnOpQrSt-_{\"a\":1}\0", 30);
    lock.tokenLength = 22;
    const QString sha1 = QString::fromLatin1(redislock::scriptSha1(redislock::LockScript::release));
    QCOMPARE(
        session.commandPreview(LockAction::release, lock),
        QStringLiteral("EVALSHA %1 1 shop:orders:42 \"AbCdEfGhIjKlMnOpQrSt-_{\\\"a\\\":1}\\x00\"")
            .arg(sha1));
    // Force-release: the core's per-format compare-and-delete of the value shown.
    const QString forceSha1 =
        QString::fromLatin1(redislock::scriptSha1(redislock::LockScript::forceRelease));
    QCOMPARE(session.commandPreview(LockAction::forceRelease, lock),
             QStringLiteral(
                 "EVALSHA %1 1 shop:orders:42 string \"AbCdEfGhIjKlMnOpQrSt-_{\\\"a\\\":1}\\x00\"")
                 .arg(forceSha1));
    LockSnapshot pythonLock;
    pythonLock.key = QByteArray("lock:nightly");
    pythonLock.value = QByteArray("yMnKy8zNzs/Q0dLT1NXW19jZ");
    QCOMPARE(session.commandPreview(LockAction::forceRelease, pythonLock),
             QStringLiteral("EVALSHA %1 2 lock:nightly lock-signal:nightly string "
                            "yMnKy8zNzs/Q0dLT1NXW19jZ 1000")
                 .arg(forceSha1));
    QCOMPARE(session.commandPreview(LockAction::deleteRegardless, lock),
             QStringLiteral("DEL shop:orders:42"));
    lock.key = QByteArray("a b\xff");
    QCOMPARE(session.commandPreview(LockAction::deleteRegardless, lock),
             QStringLiteral("DEL \"a b\\xff\""));
    lock.ttlMs = 5000;
    const QString refreshSha1 =
        QString::fromLatin1(redislock::scriptSha1(redislock::LockScript::refresh));
    QVERIFY(session.commandPreview(LockAction::refresh, lock)
                .startsWith(QStringLiteral("EVALSHA ") + refreshSha1 + QStringLiteral(" 1 ")));
    QVERIFY(session.commandPreview(LockAction::refresh, lock).endsWith(QStringLiteral(" 5000")));

    // The SHA1 shown is the script the server runs for it.
    QCOMPARE(raw_->command({"SCRIPT", "LOAD",
                            bytes(redislock::scriptSource(redislock::LockScript::release))})
                 .str,
             sha1.toLatin1());
}

void TestInspectorSession::reconnectsAfterTheServerComesBack()
{
    RedisServerOptions options;
    options.notifyKeyspaceEvents = QStringLiteral("KEA");
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QByteArray prefix = uniquePrefix();
    {
        RawRedis raw = server.rawClient();
        QVERIFY(raw.set(prefix + ":before", "v", 60s));
    }
    InspectorSession session;
    Recorder recorder(session);
    ConnectionProfile profile = profileFor(prefix);
    profile.url = server.url();
    session.setResyncInterval(100ms);
    QVERIFY(openAndScan(session, recorder, profile));

    server.kill();
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), State::reconnecting, waitMs);
    const QString message = recorder.states.last().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("reconnecting")), qPrintable(message));
    QTest::qWait(300); // a few failed attempts while it is down

    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QCOMPARE(server.url(), profile.url); // the same port
    RawRedis raw = server.rawClient();
    QVERIFY(raw.set(prefix + ":after", "v", 60s)); // an empty server again, with a new key
    recorder.finished.clear();
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), State::connected, 3 * waitMs);
    // It scans again and finds what the new server has.
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastFound(prefix + ":after").has_value(), waitMs);
    QVERIFY(recorder.hasState(State::reconnecting));
    // The key of the server's past life is found gone.
    QTRY_VERIFY_WITH_TIMEOUT(recorder.removal(prefix + ":before").has_value(), waitMs);
    QVERIFY(recorder.infos.size() >= 2);

    // Keyspace events flow again through a new subscription.
    const QByteArray live = prefix + ":live";
    QTRY_VERIFY_WITH_TIMEOUT((raw.set(live, "v", 60s), recorder.lastFound(live).has_value()),
                             waitMs);
}

void TestInspectorSession::closeAndDestructionDuringAScan()
{
    const QByteArray prefix = uniquePrefix();
    QVERIFY(seed(*raw_, prefix, 20000));

    // close() returns at once and the scan ends.
    {
        InspectorSession session;
        Recorder recorder(session);
        session.open(profileFor(prefix));
        QVERIFY(recorder.progress.wait(waitMs));
        QElapsedTimer timer;
        timer.start();
        session.close();
        QVERIFY2(timer.elapsed() < 100, "close() does not wait for the worker");
        QCOMPARE(session.state(), State::disconnected);
        // Reopening works while the old workers wind down.
        QVERIFY(openAndScan(session, recorder, profileFor(prefix)));
    }
    // Destruction in the middle of a scan neither hangs nor crashes.
    for (int round = 0; round < 3; ++round) {
        auto session = std::make_unique<InspectorSession>();
        Recorder recorder(*session);
        session->open(profileFor(prefix));
        QVERIFY(recorder.progress.wait(waitMs));
        QElapsedTimer timer;
        timer.start();
        session.reset();
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }
}

QTEST_MAIN(TestInspectorSession)
#include "tst_inspectorsession.moc"

void TestInspectorSession::setExpiryIsACompareAndSet()
{
    const QByteArray prefix = uniquePrefix();
    const QByteArray stuck = prefix + ":stuck";
    const QByteArray moved = prefix + ":moved";
    QVERIFY(!raw_->command({"SET", stuck, "AAAAAAAAAAAAAAAAAAAAAA{}"}).isError()); // no expiry
    QVERIFY(!raw_->command({"SET", moved, "BBBBBBBBBBBBBBBBBBBBBB{}"}).isError());
    InspectorSession session;
    Recorder recorder(session);
    QVERIFY(openAndScan(session, recorder, profileFor(prefix)));

    ActionResult result;
    WAIT_RESULT(recorder, session.setExpiry(stuck, "AAAAAAAAAAAAAAAAAAAAAA{}", 30000), result);
    QCOMPARE(result.outcome, Outcome::done);
    QCOMPARE(result.action, LockAction::setExpiry);
    QCOMPARE(result.ttlMs, 30000);
    const qint64 pttl = raw_->command({"PTTL", stuck}).integer;
    QVERIFY2(pttl > 25000 && pttl <= 30000, qPrintable(QString::number(pttl)));

    // The value shown is not the value there now: nothing is touched, and the operator is told.
    WAIT_RESULT(recorder, session.setExpiry(moved, "CCCCCCCCCCCCCCCCCCCCCC{}", 30000), result);
    QCOMPARE(result.outcome, Outcome::changedHands);
    QVERIFY2(result.message.contains(QStringLiteral("changed hands")), qPrintable(result.message));
    QCOMPARE(raw_->command({"PTTL", moved}).integer, -1);
}

void TestInspectorSession::aFailedConnectionElsewhereKeepsTheWorkingOne()
{
    const QByteArray prefix = uniquePrefix();
    InspectorSession session;
    Recorder recorder(session);
    const ConnectionProfile working = profileFor(prefix);
    QVERIFY(openAndScan(session, recorder, working));
    ObtainRequest request;
    request.keys = {prefix + ":held"};
    request.ttlMs = 60000;
    ActionResult result;
    WAIT_RESULT(recorder, session.obtain(request), result);
    QCOMPARE(result.outcome, Outcome::done);
    QTRY_VERIFY_WITH_TIMEOUT(session.holds(prefix + ":held"), waitMs);

    QSignalSpy changed(&session, &InspectorSession::connectionChanged);
    const qsizetype states = recorder.states.size();
    ConnectionProfile elsewhere;
    elsewhere.url =
        QStringLiteral("redis://127.0.0.1:%1").arg(lockscope::test::closedLoopbackPort());
    session.open(elsewhere);
    QVERIFY(session.isConnecting());
    // Still the working connection while the other one is tried, and after it failed.
    QCOMPARE(session.state(), State::connected);
    QTRY_VERIFY_WITH_TIMEOUT(!session.isConnecting(), waitMs);
    QCOMPARE(session.state(), State::connected);
    QCOMPARE(session.profile().url, working.url);
    QCOMPARE(recorder.states.size(), states);
    QVERIFY(changed.isEmpty());
    QVERIFY(session.holds(prefix + ":held"));
    const QString error = recorder.errors.constLast().at(0).toString();
    QVERIFY2(error.contains(QStringLiteral("still connected")), qPrintable(error));
    // And it still works: the held lock is released through it.
    WAIT_RESULT(recorder, session.release(prefix + ":held"), result);
    QCOMPARE(result.outcome, Outcome::done);
}

void TestInspectorSession::locksLeftBehindAreRecognisedOnReturn()
{
    const QByteArray prefix = uniquePrefix();
    InspectorSession session;
    Recorder recorder(session);
    const ConnectionProfile here = profileFor(prefix);
    QVERIFY(openAndScan(session, recorder, here));
    const auto request = [](const QByteArray &key, qint64 ttlMs) {
        ObtainRequest made;
        made.keys = {key};
        made.ttlMs = ttlMs;
        return made;
    };
    ActionResult result;
    WAIT_RESULT(recorder, session.obtain(request(prefix + ":kept", 60000)), result);
    QCOMPARE(result.outcome, Outcome::done);
    WAIT_RESULT(recorder, session.obtain(request(prefix + ":taken", 45000)), result);
    QCOMPARE(result.outcome, Outcome::done);
    QTRY_VERIFY_WITH_TIMEOUT(session.heldLocks().size() == 2, waitMs);
    QCOMPARE(session.heldLock(prefix + ":taken")->ttlMs, 45000);

    // Another database of the server is another place: the locks are let go when it is up.
    QSignalSpy changed(&session, &InspectorSession::connectionChanged);
    ConnectionProfile other = here;
    other.url = here.url + QStringLiteral("/1");
    session.open(other);
    QVERIFY(changed.wait(waitMs));
    QVERIFY(session.heldLocks().isEmpty());
    // Meanwhile someone else takes one of them.
    QVERIFY(!raw_->command({"SET", prefix + ":taken", "ZZZZZZZZZZZZZZZZZZZZZZ{}", "PX", "60000"})
                 .isError());

    // Back: the lock still ours is held again, with its ttl; the taken one is not.
    session.open(here);
    QVERIFY(changed.wait(waitMs));
    QTRY_VERIFY_WITH_TIMEOUT(session.holds(prefix + ":kept"), waitMs);
    QCOMPARE(session.heldLock(prefix + ":kept")->ttlMs, 60000);
    QTest::qWait(200);
    QVERIFY(!session.holds(prefix + ":taken"));
    WAIT_RESULT(recorder, session.release(prefix + ":kept"), result);
    QCOMPARE(result.outcome, Outcome::done);
}

void TestInspectorSession::aRetiredGenerationSaysNothingMore()
{
    // A generation busy scanning many keys is replaced: none of its pages arrive afterwards.
    const QByteArray first = uniquePrefix();
    const QByteArray second = uniquePrefix();
    QVERIFY(seed(*raw_, first, 20000));
    QVERIFY(seed(*raw_, second, 3));
    InspectorSession session;
    Recorder recorder(session);
    session.open(profileFor(first));
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.found.isEmpty(), waitMs);
    QSignalSpy changed(&session, &InspectorSession::connectionChanged);
    session.open(profileFor(second));
    QVERIFY(changed.wait(waitMs));
    recorder.found.clear();
    recorder.finished.clear();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.completeScans(), waitMs);
    QTest::qWait(300);
    for (const LockSnapshot &lock : snapshotsOf(recorder.found))
        QVERIFY2(lock.key.startsWith(second + ':'), lock.key.constData());
}
