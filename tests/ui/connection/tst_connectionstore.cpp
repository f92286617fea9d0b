#include "connection/connectionstore.h"

#include <QCollator>
#include <QCoreApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;

// Saved and recent connections in a QSettings file of the test's own, with the real QtKeychain
// behind them. main() points the session bus nowhere, so the keychain is unavailable as on a
// CI machine or a desktop without a Secret Service, and the test can never write into the
// keychain of the machine it runs on.
class tst_ConnectionStore : public QObject
{
    Q_OBJECT

    QTemporaryDir dir_;
    int files_ = 0;

    QString freshFile() { return dir_.filePath(u"settings-%1.ini"_s.arg(++files_)); }

    static QByteArray fileBytes(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return file.readAll();
    }

    static void verifyNotInFile(const QString &path, const QString &secret)
    {
        const QByteArray bytes = fileBytes(path);
        QVERIFY2(!bytes.isEmpty(), "the settings file was not written");
        QVERIFY2(!bytes.contains(secret.toUtf8()), bytes.constData());
        QVERIFY2(!bytes.contains(QUrl::toPercentEncoding(secret)), bytes.constData());
    }

    static ConnectionProfile profile(const QString &name, const QString &url)
    {
        ConnectionProfile p;
        p.name = name;
        p.url = url;
        return p;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<int>("tokenLength");
        QTest::addColumn<bool>("readOnly");

        QTest::newRow("plain") << u"local"_s << u"redis://127.0.0.1:6379"_s << QString()
                               << QString() << 0 << false;
        QTest::newRow("everything")
            << u"orders (prod)"_s << u"rediss://ops@r.example:6380/4?ca=/etc/ca.pem"_s
            << u"orders"_s << u"orders:lock:*"_s << 16 << true;
        QTest::newRow("slash and equals in name")
            << u"eu/prod=1;x"_s << u"unix:///run/redis.sock?db=2"_s << u"a"_s << QString() << 0
            << false;
        QTest::newRow("chinese") << u"订单服务"_s << u"redis://10.0.0.5/1"_s << u"订单"_s
                                 << QString() << 0 << true;
    }
    void roundTrip()
    {
        QFETCH(QString, name);
        QFETCH(QString, url);
        ConnectionProfile in = profile(name, url);
        QFETCH(QString, prefix);
        QFETCH(QString, pattern);
        QFETCH(int, tokenLength);
        QFETCH(bool, readOnly);
        in.prefix = prefix;
        in.pattern = pattern;
        in.customTokenLength = tokenLength;
        in.maxHoldMinutes = tokenLength + 3;
        in.resyncBudget = readOnly ? 250 : 0; // a production server's own, or the default
        in.readOnly = readOnly;

        const QString file = freshFile();
        {
            ConnectionStore store(file);
            store.setKeychainEnabled(false);
            QSignalSpy changed(&store, &ConnectionStore::savedConnectionsChanged);
            store.saveConnection(profile(u"zzz other"_s, u"redis://other"_s), false);
            store.saveConnection(in, false);
            QCOMPARE(changed.size(), 2);
        }
        ConnectionStore reopened(file);
        const auto saved = reopened.savedConnections();
        QCOMPARE(saved.size(), 2);
        const auto out = reopened.savedConnection(name);
        QVERIFY(out);
        QCOMPARE(out->name, in.name);
        QCOMPARE(out->url, in.url);
        QCOMPARE(out->prefix, in.prefix);
        QCOMPARE(out->pattern, in.pattern);
        QCOMPARE(out->customTokenLength, in.customTokenLength);
        QCOMPARE(out->maxHoldMinutes, in.maxHoldMinutes);
        QCOMPARE(out->resyncBudget, in.resyncBudget);
        QCOMPARE(out->readOnly, in.readOnly);
        QVERIFY(out->password.isEmpty());
        QVERIFY(!reopened.hasStoredPassword(name));
        QCollator collator(QLocale(QLocale::English));
        collator.setNumericMode(true);
        collator.setCaseSensitivity(Qt::CaseInsensitive);
        QVERIFY(
            std::is_sorted(saved.begin(), saved.end(), [&collator](const auto &a, const auto &b) {
                return collator.compare(a.name, b.name) < 0;
            }));
    }

    void sortedAsPeopleSortNames()
    {
        ConnectionStore store(freshFile());
        store.setKeychainEnabled(false);
        for (const auto &name : {u"prod-10"_s, u"R&D"_s, u"prod-2"_s, u"alpha"_s})
            store.saveConnection(profile(name, u"redis://h"_s), false);
        QStringList names;
        for (const auto &p : store.savedConnections())
            names.append(p.name);
        QCOMPARE(names, (QStringList{u"alpha"_s, u"prod-2"_s, u"prod-10"_s, u"R&D"_s}));
    }

    void unnamedIsSavedUnderItsUrl()
    {
        ConnectionStore store(freshFile());
        store.setKeychainEnabled(false);
        store.saveConnection(profile(QString(), u"redis://:pw@h:7000"_s), false);
        QCOMPARE(store.savedConnections().size(), 1);
        QCOMPARE(store.savedConnections().first().name, u"redis://h:7000"_s);
        QCOMPARE(store.savedConnections().first().url, u"redis://h:7000"_s);
    }

    void replaceAndRemove()
    {
        ConnectionStore store(freshFile());
        store.setKeychainEnabled(false);
        store.saveConnection(profile(u"a"_s, u"redis://one"_s), false);
        store.saveConnection(profile(u"a"_s, u"redis://two"_s), false);
        QCOMPARE(store.savedConnections().size(), 1);
        QCOMPARE(store.savedConnection(u"a"_s)->url, u"redis://two"_s);

        QSignalSpy changed(&store, &ConnectionStore::savedConnectionsChanged);
        store.removeConnection(u"missing"_s);
        QCOMPARE(changed.size(), 0);
        store.removeConnection(u"a"_s);
        QCOMPARE(changed.size(), 1);
        QVERIFY(store.savedConnections().isEmpty());
        QVERIFY(!store.savedConnection(u"a"_s));
    }

    // Whatever the operator does, the password never reaches the settings file: not from the
    // password field, not from a URL that still carries one, not in recent connections, with
    // "remember" on or off, with the keychain missing or switched off.
    void passwordNeverInTheFile_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("remember");
        QTest::addColumn<bool>("keychainEnabled");

        const QString secret = u"s3cr3t-Pa55/wörd"_s;
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
        for (const bool remember : {true, false}) {
            for (const bool enabled : {true, false}) {
                const QByteArray suffix = QByteArray(remember ? ", remember" : ", forget") +
                                          (enabled ? ", no keychain" : ", keychain off");
                QTest::newRow("field" + suffix)
                    << u"redis://h:6379/1"_s << secret << remember << enabled;
                QTest::newRow("userinfo" + suffix)
                    << u"redis://ops:%1@h"_s.arg(encoded) << QString() << remember << enabled;
                QTest::newRow("query item" + suffix)
                    << u"unix:///tmp/r.sock?password=%1&db=1"_s.arg(encoded) << QString()
                    << remember << enabled;
            }
        }
    }
    void passwordNeverInTheFile()
    {
        QFETCH(QString, url);
        QFETCH(QString, password);
        QFETCH(bool, remember);
        QFETCH(bool, keychainEnabled);
        const QString secret = u"s3cr3t-Pa55/wörd"_s;

        const QString file = freshFile();
        ConnectionStore store(file);
        store.setKeychainEnabled(keychainEnabled);
        QSignalSpy saved(&store, &ConnectionStore::passwordSaved);
        ConnectionProfile p = profile(u"prod"_s, url);
        p.password = password;
        store.saveConnection(p, remember);
        store.addRecent(p);
        if (remember) {
            // The keychain is not there: the store says so, and stores nothing.
            QVERIFY(saved.wait(5000));
            QCOMPARE(saved.first().at(0).toString(), u"prod"_s);
            QCOMPARE(saved.first().at(1).toBool(), false);
            QVERIFY(!saved.first().at(2).toString().isEmpty());
        } else {
            QVERIFY(!saved.wait(200));
        }
        if (remember || !keychainEnabled)
            QCOMPARE(store.keychainState(), ConnectionStore::KeychainState::unavailable);
        QVERIFY(!store.hasStoredPassword(u"prod"_s));
        QVERIFY(!store.savedConnection(u"prod"_s)->url.contains(u"password"_s));
        verifyNotInFile(file, secret);
    }

    void keychainUnavailableIsReported()
    {
        ConnectionStore store(freshFile());
        QCOMPARE(store.keychainState(), ConnectionStore::KeychainState::unknown);
        QSignalSpy state(&store, &ConnectionStore::keychainStateChanged);
        store.probeKeychain();
        QVERIFY(state.wait(5000));
        QCOMPARE(state.last().at(0).value<ConnectionStore::KeychainState>(),
                 ConnectionStore::KeychainState::unavailable);
        QCOMPARE(store.keychainState(), ConnectionStore::KeychainState::unavailable);
    }

    void passwordIsAskedEachTimeWithoutKeychain_data()
    {
        QTest::addColumn<bool>("keychainEnabled");
        QTest::newRow("no keychain") << true;
        QTest::newRow("keychain off") << false;
    }
    void passwordIsAskedEachTimeWithoutKeychain()
    {
        QFETCH(bool, keychainEnabled);
        ConnectionStore store(freshFile());
        store.setKeychainEnabled(keychainEnabled);
        ConnectionProfile p = profile(u"prod"_s, u"redis://h"_s);
        p.password = u"pw"_s;
        QSignalSpy saved(&store, &ConnectionStore::passwordSaved);
        store.saveConnection(p, true);
        QVERIFY(saved.wait(5000));
        QCOMPARE(saved.first().at(1).toBool(), false);

        QSignalSpy ready(&store, &ConnectionStore::passwordReady);
        store.requestPassword(u"prod"_s);
        QCOMPARE(ready.size(), 0); // always answered later, like the keychain would
        QVERIFY(ready.wait(5000));
        QCOMPARE(ready.size(), 1);
        QCOMPARE(ready.first().at(0).toString(), u"prod"_s);
        QCOMPARE(ready.first().at(1).toString(), QString());
        QCOMPARE(ready.first().at(2).toBool(), false);
    }

    // A keychain job may outlive the store that started it (the window closes while the
    // keychain thinks): its answer is dropped, nothing crashes.
    void storeGoesAwayDuringAKeychainJob()
    {
        const QString file = freshFile();
        {
            ConnectionStore store(file);
            ConnectionProfile p = profile(u"prod"_s, u"redis://h"_s);
            p.password = u"pw"_s;
            store.saveConnection(p, true);
            store.probeKeychain();
            // Let the jobs reach the keychain library, which then answers later.
            QSignalSpy ready(&store, &ConnectionStore::passwordReady);
            store.requestPassword(u"prod"_s);
            QVERIFY(ready.wait(5000));
        }
        QTest::qWait(300);
        ConnectionStore reopened(file);
        QVERIFY(reopened.savedConnection(u"prod"_s));
        QVERIFY(!reopened.hasStoredPassword(u"prod"_s));
    }

    void recentConnections()
    {
        const QString file = freshFile();
        ConnectionStore store(file);
        store.setKeychainEnabled(false);
        QCOMPARE(store.maxRecent(), 10);
        QSignalSpy changed(&store, &ConnectionStore::recentConnectionsChanged);
        for (int i = 0; i < 12; ++i) {
            ConnectionProfile p = profile(QString(), u"redis://:hunter2@h%1"_s.arg(i));
            p.password = u"hunter2"_s;
            store.addRecent(p);
        }
        QCOMPARE(changed.size(), 12);
        auto recent = store.recentConnections();
        QCOMPARE(recent.size(), 10);
        QCOMPARE(recent.first().url, u"redis://h11"_s); // newest first
        QCOMPARE(recent.last().url, u"redis://h2"_s);

        // Opening one again moves it to the front instead of listing it twice.
        store.addRecent(profile(QString(), u"redis://h5"_s));
        recent = store.recentConnections();
        QCOMPARE(recent.size(), 10);
        QCOMPARE(recent.first().url, u"redis://h5"_s);
        QCOMPARE(std::count_if(recent.begin(), recent.end(),
                               [](const ConnectionProfile &p) { return p.url == u"redis://h5"_s; }),
                 1);
        verifyNotInFile(file, u"hunter2"_s);

        ConnectionStore reopened(file);
        QCOMPARE(reopened.recentConnections().first().url, u"redis://h5"_s);
        reopened.clearRecent();
        QVERIFY(reopened.recentConnections().isEmpty());
    }
};

int main(int argc, char **argv)
{
    // No session bus: QtKeychain finds no keychain, here as on CI, and never touches the real
    // one of a developer's desktop.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/lockscope-test-bus");
    qunsetenv("DISPLAY");
    QCoreApplication app(argc, argv);
    tst_ConnectionStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_connectionstore.moc"
