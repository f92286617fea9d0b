#include "connection/connectionstore.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

// ConnectionStore against a real keychain: a private session bus (dbus-daemon) with a
// Secret Service on it (gnome-keyring-daemon, its keyrings in a temporary directory), so that
// the machine's own keychain is never touched. Skipped where the two programs are missing.
class tst_ConnectionStoreKeychain : public QObject
{
    Q_OBJECT

    QTemporaryDir dir_;
    QProcess bus_;
    QProcess keyring_;
    int files_ = 0;
    const QString service_ = u"lockscope-test"_s;

    QString freshFile() { return dir_.filePath(u"settings-%1.ini"_s.arg(++files_)); }

    std::unique_ptr<ConnectionStore> store(const QString &file)
    {
        auto s = std::make_unique<ConnectionStore>(file);
        s->setKeychainService(service_);
        return s;
    }

    static ConnectionProfile profile(const QString &name, const QString &password)
    {
        ConnectionProfile p;
        p.name = name;
        p.url = u"redis://cache.internal:6379/1"_s;
        p.password = password;
        return p;
    }

    // The keychain entry as QtKeychain reads it, bypassing the store.
    std::pair<QKeychain::Error, QString> rawEntry(const QString &name)
    {
        QKeychain::ReadPasswordJob job(service_);
        job.setAutoDelete(false);
        job.setKey(u"connection/"_s + name);
        QSignalSpy done(&job, &QKeychain::Job::finished);
        job.start();
        if (!done.wait(10000))
            return {QKeychain::OtherError, {}};
        return {job.error(), job.textData()};
    }

    static bool fileContains(const QString &path, const QString &text)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) && file.readAll().contains(text.toUtf8());
    }

    static std::tuple<QString, QString, bool> awaitPassword(ConnectionStore &s, const QString &name)
    {
        QSignalSpy ready(&s, &ConnectionStore::passwordReady);
        s.requestPassword(name);
        if (!ready.wait(10000))
            return {};
        const auto args = ready.first();
        return {args.at(0).toString(), args.at(1).toString(), args.at(2).toBool()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString dbus = QStandardPaths::findExecutable(u"dbus-daemon"_s);
        const QString keyring = QStandardPaths::findExecutable(u"gnome-keyring-daemon"_s);
        if (dbus.isEmpty() || keyring.isEmpty())
            QSKIP("needs dbus-daemon and gnome-keyring-daemon (a Secret Service)");
        QVERIFY(dir_.isValid());
        for (const auto &sub : {u"home"_s, u"data"_s, u"runtime"_s})
            QVERIFY(QDir(dir_.path()).mkpath(sub));
        QFile::setPermissions(dir_.filePath(u"runtime"_s),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, dir_.filePath(u"home"_s));
        env.insert(u"XDG_DATA_HOME"_s, dir_.filePath(u"data"_s));
        env.insert(u"XDG_RUNTIME_DIR"_s, dir_.filePath(u"runtime"_s));
        env.remove(u"DISPLAY"_s);

        bus_.setProcessEnvironment(env);
        bus_.start(dbus, {u"--session"_s, u"--nofork"_s, u"--print-address=1"_s});
        QVERIFY(bus_.waitForStarted());
        QVERIFY(bus_.waitForReadyRead(10000));
        const QByteArray address = bus_.readLine().trimmed();
        QVERIFY(!address.isEmpty());
        qputenv("DBUS_SESSION_BUS_ADDRESS", address);
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, QString::fromUtf8(address));

        keyring_.setProcessEnvironment(env);
        keyring_.start(keyring, {u"--foreground"_s, u"--unlock"_s, u"--components=secrets"_s});
        QVERIFY(keyring_.waitForStarted());
        keyring_.write("lockscope-test-keyring"); // the new login keyring's password
        keyring_.closeWriteChannel();

        // Until the Secret Service has claimed its name on the bus, the keychain is "not there".
        ConnectionStore probe(freshFile());
        probe.setKeychainService(service_);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&probe] {
                QSignalSpy state(&probe, &ConnectionStore::keychainStateChanged);
                probe.probeKeychain();
                return state.wait(5000) &&
                       probe.keychainState() == ConnectionStore::KeychainState::available;
            }(),
            10000);
    }

    void cleanupTestCase()
    {
        for (QProcess *process : {&keyring_, &bus_}) {
            if (process->state() != QProcess::NotRunning) {
                process->terminate();
                if (!process->waitForFinished(5000))
                    process->kill();
            }
        }
    }

    void rememberedPasswordRoundTrip()
    {
        const QString file = freshFile();
        const QString secret = u"s3cr3t-Pa55 wörd"_s;
        {
            auto s = store(file);
            QSignalSpy saved(s.get(), &ConnectionStore::passwordSaved);
            s->saveConnection(profile(u"prod"_s, secret), true);
            QVERIFY(saved.wait(10000));
            QCOMPARE(saved.first().at(1).toBool(), true);
            QCOMPARE(saved.first().at(2).toString(), QString());
            QCOMPARE(s->keychainState(), ConnectionStore::KeychainState::available);
            QVERIFY(s->hasStoredPassword(u"prod"_s));
            QCOMPARE(awaitPassword(*s, u"prod"_s), std::make_tuple(u"prod"_s, secret, true));
        }
        QVERIFY(!fileContains(file, secret));
        QCOMPARE(rawEntry(u"prod"_s), std::make_pair(QKeychain::NoError, secret));

        // Another run of the app: the password comes back from the keychain.
        auto reopened = store(file);
        QVERIFY(reopened->hasStoredPassword(u"prod"_s));
        QCOMPARE(awaitPassword(*reopened, u"prod"_s), std::make_tuple(u"prod"_s, secret, true));

        // Saved again with the password field left empty (editing the URL, say): kept.
        QSignalSpy changed(reopened.get(), &ConnectionStore::savedConnectionsChanged);
        reopened->saveConnection(profile(u"prod"_s, QString()), true);
        QCOMPARE(changed.size(), 1);
        QVERIFY(reopened->hasStoredPassword(u"prod"_s));
        QCOMPARE(awaitPassword(*reopened, u"prod"_s), std::make_tuple(u"prod"_s, secret, true));

        // "Remember" unticked: the keychain entry goes.
        reopened->saveConnection(profile(u"prod"_s, secret), false);
        QVERIFY(!reopened->hasStoredPassword(u"prod"_s));
        QTRY_COMPARE_WITH_TIMEOUT(rawEntry(u"prod"_s).first, QKeychain::EntryNotFound, 10000);
        QCOMPARE(awaitPassword(*reopened, u"prod"_s), std::make_tuple(u"prod"_s, QString(), false));
        QVERIFY(!fileContains(file, secret));
    }

    void removeDeletesTheKeychainEntry()
    {
        auto s = store(freshFile());
        QSignalSpy saved(s.get(), &ConnectionStore::passwordSaved);
        s->saveConnection(profile(u"staging"_s, u"pw-staging"_s), true);
        QVERIFY(saved.wait(10000));
        QCOMPARE(rawEntry(u"staging"_s), std::make_pair(QKeychain::NoError, u"pw-staging"_s));

        s->removeConnection(u"staging"_s);
        QTRY_COMPARE_WITH_TIMEOUT(rawEntry(u"staging"_s).first, QKeychain::EntryNotFound, 10000);
        QCOMPARE(awaitPassword(*s, u"staging"_s), std::make_tuple(u"staging"_s, QString(), false));
    }

    // Removed from the keychain behind the app's back (by the keychain's own UI): asked again.
    void entryGoneBehindOurBack()
    {
        auto s = store(freshFile());
        QSignalSpy saved(s.get(), &ConnectionStore::passwordSaved);
        s->saveConnection(profile(u"qa"_s, u"pw-qa"_s), true);
        QVERIFY(saved.wait(10000));

        QKeychain::DeletePasswordJob job(service_);
        job.setAutoDelete(false);
        job.setKey(u"connection/qa"_s);
        QSignalSpy done(&job, &QKeychain::Job::finished);
        job.start();
        QVERIFY(done.wait(10000));

        QCOMPARE(awaitPassword(*s, u"qa"_s), std::make_tuple(u"qa"_s, QString(), false));
        QVERIFY(!s->hasStoredPassword(u"qa"_s));
    }
};

QTEST_GUILESS_MAIN(tst_ConnectionStoreKeychain)
#include "tst_connectionstore_keychain.moc"
