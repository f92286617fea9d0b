#include "common/darkpalette.h"
#include "connection/connectiondialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// The offscreen platform warns each time a top-level's size constraints change; that says
// nothing about the widgets under test and buries what does.
QtMessageHandler previousHandler = nullptr;
void dropSizeHintWarnings(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (text == u"This plugin does not support propagateSizeHints()")
        return;
    previousHandler(type, context, text);
}

// WCAG contrast ratio of two colours.
double contrast(const QColor &a, const QColor &b)
{
    const auto luminance = [](const QColor &c) {
        const auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
               0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

// The connection dialog, driven like an operator would: typing into the fields and reading
// what the dialog shows back.
class tst_ConnectionDialog : public QObject
{
    Q_OBJECT

    template <class W>
    static W *child(const QWidget &dialog, const char *name)
    {
        auto *widget = dialog.findChild<W *>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }
    static QPushButton *okButton(const ConnectionDialog &dialog)
    {
        return child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok);
    }
    // A check box only reacts to clicks on its box and label, not on the row it is stretched to.
    static void click(QCheckBox *box)
    {
        QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(6, box->height() / 2));
    }
    static void typeUrl(ConnectionDialog &dialog, const QString &url)
    {
        auto *edit = child<QLineEdit>(dialog, "urlEdit");
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, url);
    }

private Q_SLOTS:
    void initTestCase()
    {
        previousHandler = qInstallMessageHandler(dropSizeHintWarnings);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); // "2,000"
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    }

    void urlValidation_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("shown");

        QTest::newRow("tcp") << u"redis://127.0.0.1:6379"_s << true
                             << u"TCP 127.0.0.1:6379, database 0"_s;
        QTest::newRow("db") << u"redis://localhost/2"_s << true
                            << u"TCP localhost:6379, database 2"_s;
        QTest::newRow("ipv6") << u"redis://[::1]:7000"_s << true << u"TCP [::1]:7000, database 0"_s;
        QTest::newRow("tls") << u"rediss://redis.example.com:6380?ca=/etc/ca.pem"_s << true
                             << u"TLS redis.example.com:6380, database 0"_s;
        QTest::newRow("unix") << u"unix:///run/redis.sock?db=3"_s << true
                              << u"Unix socket /run/redis.sock, database 3"_s;
        QTest::newRow("acl user") << u"redis://ops@h"_s << true
                                  << u"TCP h:6379, database 0, user ops"_s;
        QTest::newRow("no scheme")
            << u"localhost:6379"_s << false
            << u"Invalid: missing scheme; expected redis://, rediss://, unix://, redis-cluster://, "
               u"rediss-cluster://, redis-sentinel:// or rediss-sentinel://"_s;
        QTest::newRow("other scheme")
            << u"http://h"_s << false
            << u"Invalid: unknown scheme \"http\"; expected redis://, rediss://, unix://, "
               u"redis-cluster://, "
               u"rediss-cluster://, redis-sentinel:// or rediss-sentinel://"_s;
        QTest::newRow("port") << u"redis://h:99999"_s << false
                              << u"Invalid: port \"99999\" is out of range 1-65535"_s;
        QTest::newRow("db word") << u"redis://h/abc"_s << false
                                 << u"Invalid: database \"abc\" is not a number 0 or above"_s;
        QTest::newRow("tls option on redis")
            << u"redis://h?insecure=true"_s << false
            << u"Invalid: TLS options need a rediss://, rediss-cluster:// or "
               u"rediss-sentinel:// URL"_s;
        QTest::newRow("cert without key")
            << u"rediss://h?cert=/c.pem"_s << false
            << u"Invalid: a client certificate needs both cert and key"_s;
        QTest::newRow("unknown option")
            << u"redis://h?foo=1"_s << false << u"Invalid: unknown option \"foo\""_s;
        QTest::newRow("relative socket") << u"unix://run/redis.sock"_s << false
                                         << u"Invalid: expected unix:///absolute/path/to/socket"_s;
        QTest::newRow("ipv6 without brackets")
            << u"redis://::1:6379"_s << false
            << u"Invalid: IPv6 addresses need brackets: [::1]:6379"_s;
    }
    void urlValidation()
    {
        QFETCH(QString, url);
        QFETCH(bool, valid);
        QFETCH(QString, shown);

        ConnectionDialog dialog;
        dialog.show();
        QVERIFY(!okButton(dialog)->isEnabled()); // nothing typed yet
        typeUrl(dialog, url);
        QCOMPARE(child<QLabel>(dialog, "urlStatus")->text(), shown);
        QCOMPARE(okButton(dialog)->isEnabled(), valid);
        QCOMPARE(dialog.isUrlValid(), valid);
        QCOMPARE(dialog.urlError().isEmpty(), valid);
        QCOMPARE(dialog.profile().url, url);
    }

    void emptyUrlIsAHintNotAnError()
    {
        ConnectionDialog dialog;
        dialog.show();
        typeUrl(dialog, u"redis://h"_s);
        QVERIFY(okButton(dialog)->isEnabled());
        typeUrl(dialog, QString());
        QVERIFY(!okButton(dialog)->isEnabled());
        auto *status = child<QLabel>(dialog, "urlStatus");
        QCOMPARE(status->text(), u"Enter a redis://, rediss:// or unix:// URL."_s);
        QCOMPARE(status->palette().color(QPalette::WindowText),
                 dialog.palette().color(QPalette::Disabled, QPalette::WindowText));
    }

    void okAccepts()
    {
        ConnectionDialog dialog;
        dialog.show();
        typeUrl(dialog, u"redis://h"_s);
        QTest::mouseClick(okButton(dialog), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void tlsGroupFollowsScheme_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("visible");
        QTest::newRow("redis") << u"redis://h"_s << false;
        QTest::newRow("rediss") << u"rediss://h"_s << true;
        QTest::newRow("unix") << u"unix:///tmp/r.sock"_s << false;
        QTest::newRow("empty") << QString() << false;
    }
    void tlsGroupFollowsScheme()
    {
        QFETCH(QString, url);
        QFETCH(bool, visible);
        ConnectionDialog dialog;
        dialog.show();
        typeUrl(dialog, u"rediss://other"_s);
        QVERIFY(child<QGroupBox>(dialog, "tlsGroup")->isVisible());
        typeUrl(dialog, url);
        QCOMPARE(child<QGroupBox>(dialog, "tlsGroup")->isVisible(), visible);
    }

    void tlsFieldsWriteTheQuery()
    {
        ConnectionDialog dialog;
        dialog.show();
        typeUrl(dialog, u"rediss://r.example:6380/1"_s);
        QTest::keyClicks(child<QLineEdit>(dialog, "caFileEdit"), u"/etc/ssl/ca.pem"_s);
        QTest::keyClicks(child<QLineEdit>(dialog, "serverNameEdit"), u"redis.internal"_s);
        QCOMPARE(dialog.profile().url,
                 u"rediss://r.example:6380/1?ca=/etc/ssl/ca.pem&sni=redis.internal"_s);
        QVERIFY(okButton(dialog)->isEnabled());

        auto *warning = child<QLabel>(dialog, "insecureWarning");
        QVERIFY(!warning->isVisible());
        click(child<QCheckBox>(dialog, "insecureCheck"));
        QVERIFY(warning->isVisible());
        QVERIFY(dialog.profile().url.endsWith(u"&insecure=true"_s));
        QCOMPARE(child<QLabel>(dialog, "urlStatus")->text(),
                 u"TLS r.example:6380, database 1, certificate not verified"_s);

        // A certificate without its key is what the core refuses; the dialog shows why.
        QTest::keyClicks(child<QLineEdit>(dialog, "certFileEdit"), u"/c.pem"_s);
        QVERIFY(!okButton(dialog)->isEnabled());
        QCOMPARE(dialog.urlError(), u"a client certificate needs both cert and key"_s);
        QTest::keyClicks(child<QLineEdit>(dialog, "keyFileEdit"), u"/k.pem"_s);
        QVERIFY(okButton(dialog)->isEnabled());

        click(child<QCheckBox>(dialog, "insecureCheck"));
        QVERIFY(!warning->isVisible());
        QCOMPARE(dialog.profile().url, u"rediss://r.example:6380/1?ca=/etc/ssl/ca.pem&cert=/c.pem"
                                       u"&key=/k.pem&sni=redis.internal"_s);
    }

    void deploymentFieldsWriteTheUrl()
    {
        ConnectionDialog dialog;
        dialog.show();
        typeUrl(dialog, u"redis://127.0.0.1:7001"_s);
        auto *seeds = child<QLineEdit>(dialog, "seedsEdit");
        auto *master = child<QLineEdit>(dialog, "masterNameEdit");
        QVERIFY(!seeds->isVisible());
        auto *deployment = child<QComboBox>(dialog, "deploymentCombo");
        deployment->setCurrentIndex(1); // Redis Cluster
        Q_EMIT deployment->activated(1);
        QVERIFY(seeds->isVisible());
        QVERIFY(!master->isVisible());
        QTest::keyClicks(seeds, u", 127.0.0.1:7002"_s);
        QCOMPARE(dialog.profile().url, u"redis-cluster://127.0.0.1:7001,127.0.0.1:7002"_s);
        QVERIFY(okButton(dialog)->isEnabled());
        QCOMPARE(child<QLabel>(dialog, "urlStatus")->text(), u"Redis Cluster, 2 seed nodes"_s);

        deployment->setCurrentIndex(2); // Sentinel
        Q_EMIT deployment->activated(2);
        QVERIFY(master->isVisible());
        QVERIFY(child<QLineEdit>(dialog, "sentinelPasswordEdit")->isVisible());
        QTest::keyClicks(master, u"lockmaster"_s);
        QCOMPARE(dialog.profile().url,
                 u"redis-sentinel://127.0.0.1:7001,127.0.0.1:7002/lockmaster"_s);
        QVERIFY(okButton(dialog)->isEnabled());
    }

    void sentinelUrlFillsTheFieldsAndItsPasswordMovesOut()
    {
        ConnectionDialog dialog;
        dialog.show();
        typeUrl(dialog, u"redis-sentinel://s1:26379,s2:26379/lockmaster/2?sentinel_password=s3cret"
                        u"&read_timeout=2s"_s);
        QCOMPARE(child<QComboBox>(dialog, "deploymentCombo")->currentIndex(), 2);
        QCOMPARE(child<QLineEdit>(dialog, "seedsEdit")->text(), u"s1:26379, s2:26379"_s);
        QCOMPARE(child<QLineEdit>(dialog, "masterNameEdit")->text(), u"lockmaster"_s);
        // Taken out of the URL, kept in its own field (and in memory only), never shown.
        const ConnectionProfile profile = dialog.profile();
        QVERIFY2(!profile.url.contains(u"s3cret"_s), qPrintable(profile.url));
        QCOMPARE(profile.sentinelPassword, u"s3cret"_s);
        QCOMPARE(child<QLineEdit>(dialog, "sentinelPasswordEdit")->echoMode(), QLineEdit::Password);
        QVERIFY(!child<QLabel>(dialog, "urlStatus")->text().contains(u"s3cret"_s));

        // A profile round trip keeps it.
        ConnectionDialog again;
        again.setProfile(profile);
        QCOMPARE(again.profile().sentinelPassword, u"s3cret"_s);
        QCOMPARE(again.profile().url, profile.url);
    }

    void urlFillsTlsFields()
    {
        ConnectionDialog dialog;
        dialog.show();
        typeUrl(dialog,
                u"rediss://h?tls_ca_cert_file=/my%20ca.pem&skip_verify=1&read_timeout=2s"_s);
        QCOMPARE(child<QLineEdit>(dialog, "caFileEdit")->text(), u"/my ca.pem"_s);
        QVERIFY(child<QCheckBox>(dialog, "insecureCheck")->isChecked());
        QVERIFY(child<QLabel>(dialog, "insecureWarning")->isVisible());
        // Filling the fields did not rewrite what the operator typed.
        QCOMPARE(dialog.profile().url,
                 u"rediss://h?tls_ca_cert_file=/my%20ca.pem&skip_verify=1&read_timeout=2s"_s);
    }

    void passwordMovesOutOfTheUrl_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("password");
        // Typed key by key, a password= item at the end is only complete on Enter or focus
        // out; the userinfo's "@" ends the password at once.
        QTest::addColumn<bool>("movedWhileTyping");

        QTest::newRow("password only")
            << u"redis://:s3cret@host:6379/1"_s << u"redis://host:6379/1"_s << u"s3cret"_s << true;
        QTest::newRow("acl user") << u"redis://ops:p%40ss@host"_s << u"redis://ops@host"_s
                                  << u"p@ss"_s << true;
        QTest::newRow("tls") << u"rediss://u:pw@h?ca=/c.pem"_s << u"rediss://u@h?ca=/c.pem"_s
                             << u"pw"_s << true;
        QTest::newRow("query item, last") << u"unix:///tmp/r.sock?db=1&password=pw"_s
                                          << u"unix:///tmp/r.sock?db=1"_s << u"pw"_s << false;
        QTest::newRow("query item, first") << u"unix:///tmp/r.sock?password=pw&db=1"_s
                                           << u"unix:///tmp/r.sock?db=1"_s << u"pw"_s << true;
    }
    void passwordMovesOutOfTheUrl()
    {
        QFETCH(QString, typed);
        QFETCH(QString, url);
        QFETCH(QString, password);
        QFETCH(bool, movedWhileTyping);

        // Typed key by key, and pasted in one go.
        for (const bool paste : {false, true}) {
            ConnectionDialog dialog;
            dialog.show();
            auto *urlEdit = child<QLineEdit>(dialog, "urlEdit");
            auto *passwordEdit = child<QLineEdit>(dialog, "passwordEdit");
            if (paste) {
                QApplication::clipboard()->setText(typed);
                if (QApplication::clipboard()->text() != typed)
                    QSKIP("no clipboard on this platform");
                QTest::keySequence(urlEdit, QKeySequence::Paste);
            } else {
                QTest::keyClicks(urlEdit, typed);
                QCOMPARE(passwordEdit->text().isEmpty(), !movedWhileTyping);
                QTest::keyClick(urlEdit, Qt::Key_Return); // Enter: connect
                QCOMPARE(dialog.result(), int(QDialog::Accepted));
            }
            QCOMPARE(urlEdit->text(), url);
            QCOMPARE(passwordEdit->text(), password);
            QCOMPARE(passwordEdit->echoMode(), QLineEdit::Password);
            QCOMPARE(child<QLabel>(dialog, "noteLabel")->text(),
                     u"The password was moved from the URL to the password field."_s);
            QVERIFY(okButton(dialog)->isEnabled());
            const auto profile = dialog.profile();
            QCOMPARE(profile.url, url);
            QCOMPARE(profile.password, password);
        }
    }

    void setProfileRoundTrip()
    {
        ConnectionProfile in;
        in.name = u"orders (prod)"_s;
        in.url = u"rediss://ops@r.example:6380/4?ca=/etc/ca.pem&sni=r.internal"_s;
        in.password = u"pa ss"_s;
        in.prefix = u"orders"_s;
        in.pattern = u"orders:lock:*"_s;
        in.customTokenLength = 16;
        in.maxHoldMinutes = 25;
        in.resyncBudget = 800;
        in.readOnly = true;

        ConnectionDialog dialog;
        dialog.setProfile(in);
        dialog.show();
        const auto out = dialog.profile();
        QCOMPARE(out.name, in.name);
        QCOMPARE(out.url, in.url);
        QCOMPARE(out.password, in.password);
        QCOMPARE(out.prefix, in.prefix);
        QCOMPARE(out.pattern, in.pattern);
        QCOMPARE(out.customTokenLength, in.customTokenLength);
        QCOMPARE(out.maxHoldMinutes, in.maxHoldMinutes);
        QCOMPARE(out.resyncBudget, in.resyncBudget);
        QCOMPARE(out.readOnly, in.readOnly);
        QVERIFY(child<QGroupBox>(dialog, "tlsGroup")->isVisible());
        QCOMPARE(child<QLineEdit>(dialog, "serverNameEdit")->text(), u"r.internal"_s);
        QVERIFY(okButton(dialog)->isEnabled());

        // A profile whose URL still carries a password (an old one, say) is cleaned on the way in.
        ConnectionProfile old;
        old.url = u"redis://:legacy@h"_s;
        dialog.setProfile(old);
        QCOMPARE(dialog.profile().url, u"redis://h"_s);
        QCOMPARE(dialog.profile().password, u"legacy"_s);
    }

    // Empty, the budget field stands for the app's default and says which it is; a value typed
    // there is this connection's own; an app.ini import leaves it alone (Cosy has no such key).
    void resyncBudgetIsTheConnectionsOrTheDefault()
    {
        ConnectionDialog dialog;
        dialog.setDefaultResyncBudget(2000);
        dialog.show();
        auto *spin = child<QSpinBox>(dialog, "resyncBudgetSpin");
        QVERIFY(spin->isVisible());
        QCOMPARE(spin->text(), u"default (2,000 commands/s)"_s);
        QCOMPARE(dialog.profile().resyncBudget, 0);

        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, u"300"_s);
        QCOMPARE(spin->text(), u"300 commands/s"_s);
        QCOMPARE(dialog.profile().resyncBudget, 300);
        QTest::keyClick(spin, Qt::Key_PageDown); // ten steps of 500 down: back to the default
        QCOMPARE(dialog.profile().resyncBudget, 0);
        QCOMPARE(spin->text(), u"default (2,000 commands/s)"_s);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath(u"app.ini"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[redis]\nAddr = prod:6379\nPrefix = shop\n");
        file.close();
        QVERIFY(dialog.importAppIni(file.fileName()));
        QCOMPARE(dialog.profile().resyncBudget, 0);
        QCOMPARE(spin->text(), u"default (2,000 commands/s)"_s);
    }

    void askForPassword()
    {
        ConnectionDialog dialog;
        ConnectionProfile saved;
        saved.name = u"prod"_s;
        saved.url = u"redis://prod:6379"_s;
        dialog.setProfile(saved);
        dialog.show();
        QCOMPARE(dialog.focusWidget(), child<QLineEdit>(dialog, "urlEdit"));
        dialog.askForPassword(u"No system keychain: enter the password for prod."_s);
        QCOMPARE(dialog.focusWidget(), child<QLineEdit>(dialog, "passwordEdit"));
        QCOMPARE(child<QLabel>(dialog, "noteLabel")->text(),
                 u"No system keychain: enter the password for prod."_s);
        QTest::keyClicks(child<QLineEdit>(dialog, "passwordEdit"), u"pw"_s);
        QTest::keyClick(child<QLineEdit>(dialog, "passwordEdit"), Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.profile().password, u"pw"_s);
        QCOMPARE(dialog.profile().url, u"redis://prod:6379"_s);
    }

    void patternPlaceholderShowsTheDefault()
    {
        ConnectionDialog dialog;
        dialog.show();
        auto *pattern = child<QLineEdit>(dialog, "patternEdit");
        QCOMPARE(pattern->placeholderText(), u"* (default)"_s);
        QTest::keyClicks(child<QLineEdit>(dialog, "prefixEdit"), u"shop"_s);
        QCOMPARE(pattern->placeholderText(), u"shop:* (default)"_s);
        QCOMPARE(dialog.profile().effectivePattern(), u"shop:*"_s);
        QTest::keyClicks(pattern, u"shop:order:*"_s);
        QCOMPARE(dialog.profile().effectivePattern(), u"shop:order:*"_s);
    }

    void rememberPasswordNeedsSaveAndKeychain()
    {
        ConnectionDialog dialog;
        dialog.show();
        auto *save = child<QCheckBox>(dialog, "saveCheck");
        auto *remember = child<QCheckBox>(dialog, "rememberPasswordCheck");
        QVERIFY(!remember->isEnabled());
        click(save);
        QVERIFY(dialog.saveConnection());
        QVERIFY(remember->isEnabled());
        click(remember);
        QVERIFY(dialog.rememberPassword());

        dialog.setKeychainAvailable(false);
        QVERIFY(!remember->isEnabled());
        QVERIFY(!dialog.rememberPassword());
        QCOMPARE(remember->text(), u"Remember the password (no system keychain available)"_s);
        dialog.setKeychainAvailable(true);
        QVERIFY(dialog.rememberPassword());
    }

    void importAppIni_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("note");

        QTest::newRow("plain") << "[app]\nName = orders\n\n[redis]\nAddr = 10.0.0.5:6380\n"
                                  "Password = pw\nDB = 2\nPrefix = shop\n"_ba
                               << true << u"redis://10.0.0.5:6380/2"_s << u"pw"_s << u"shop"_s
                               << u"Imported app.ini: redis://10.0.0.5:6380/2, prefix shop"_s;
        QTest::newRow("quotes") << "[redis]\nAddr = \"redis.local:6379\"\nPassword = \"p;w#1\"\n"
                                   "Prefix = 'orders'\nDB = `0`\n"_ba
                                << true << u"redis://redis.local:6379/0"_s << u"p;w#1"_s
                                << u"orders"_s
                                << u"Imported app.ini: redis://redis.local:6379/0, prefix orders"_s;
        QTest::newRow("comments") << "; Cosy settings\n# generated\n[Redis]\n"
                                     "Addr = h:7000 ; the cache\nPassword = # none\n"_ba
                                  << true << u"redis://h:7000/0"_s << QString() << QString()
                                  << u"Imported app.ini: redis://h:7000/0"_s;
        QTest::newRow("defaults") << "[redis]\n"_ba << true << u"redis://127.0.0.1:6379/0"_s
                                  << QString() << QString()
                                  << u"Imported app.ini: redis://127.0.0.1:6379/0"_s;
        QTest::newRow("missing section")
            << "[app]\nName = orders\n"_ba << false << QString() << QString() << QString()
            << u"Import failed: app.ini has no [redis] section"_s;
        QTest::newRow("bad db") << "[redis]\nAddr = h:1\nDB = two\n"_ba << false << QString()
                                << QString() << QString()
                                << u"Import failed: app.ini:3: DB must be a number 0 or above, "
                                   u"not \"two\""_s;
        QTest::newRow("bad addr")
            << "[redis]\nAddr = h:notaport\n"_ba << false << QString() << QString() << QString()
            << u"Import failed: app.ini:2: Addr: invalid Redis address \"h:notaport\": port "
               u"\"notaport\" is not a number from 1 to 65535"_s;
        QTest::newRow("unterminated section")
            << "[redis\nAddr = h:1\n"_ba << false << QString() << QString() << QString()
            << u"Import failed: app.ini:1: unterminated section header"_s;
    }
    void importAppIni()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, ok);
        QFETCH(QString, note);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"app.ini"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();

        ConnectionDialog dialog;
        dialog.show();
        // What was there before stays when the import fails.
        typeUrl(dialog, u"redis://before"_s);
        QTest::keyClicks(child<QLineEdit>(dialog, "passwordEdit"), u"old"_s);

        QCOMPARE(dialog.importAppIni(path), ok);
        auto *noteLabel = child<QLabel>(dialog, "noteLabel");
        QCOMPARE(noteLabel->text(), note);
        const auto profile = dialog.profile();
        if (ok) {
            QTEST(profile.url, "url");
            QTEST(profile.password, "password");
            QTEST(profile.prefix, "prefix");
            QVERIFY(okButton(dialog)->isEnabled());
            QVERIFY(noteLabel->palette().color(QPalette::WindowText) ==
                    dialog.palette().color(QPalette::Disabled, QPalette::WindowText));
        } else {
            QCOMPARE(profile.url, u"redis://before"_s);
            QCOMPARE(profile.password, u"old"_s);
            QVERIFY(noteLabel->palette().color(QPalette::WindowText) !=
                    dialog.palette().color(QPalette::Disabled, QPalette::WindowText));
        }
    }

    void importMissingFile()
    {
        ConnectionDialog dialog;
        QVERIFY(!dialog.importAppIni(u"/nonexistent/app.ini"_s));
        QCOMPARE(child<QLabel>(dialog, "noteLabel")->text(),
                 u"Import failed: cannot read app.ini: no such readable file"_s);
    }

    // Error and warning text must stay readable in both palettes; with LOCKSCOPE_SCREENSHOTS
    // set to a directory, the dialog is also saved there as PNGs to look at.
    void readableInLightAndDarkPalettes_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void readableInLightAndDarkPalettes()
    {
        QFETCH(bool, dark);
        const QPalette before = QApplication::palette();
        QApplication::setPalette(dark ? darkPalette() : QApplication::style()->standardPalette());

        ConnectionDialog dialog;
        ConnectionProfile profile;
        profile.name = u"orders (staging)"_s;
        profile.url = u"rediss://ops@redis.staging.example:6380/2?ca=/etc/ssl/staging-ca.pem"_s;
        profile.password = u"secret"_s;
        profile.prefix = u"orders"_s;
        dialog.setProfile(profile);
        dialog.setSaveConnection(true);
        dialog.setRememberPassword(true);
        dialog.show();
        click(child<QCheckBox>(dialog, "insecureCheck"));

        const QColor window = dialog.palette().color(QPalette::Window);
        auto *warning = child<QLabel>(dialog, "insecureWarning");
        QVERIFY2(contrast(warning->palette().color(QPalette::WindowText), window) >= 4.5,
                 "the insecure warning is hard to read");
        saveScreenshot(dialog,
                       dark ? u"connectiondialog-tls-dark"_s : u"connectiondialog-tls-light"_s);

        typeUrl(dialog, u"redis://cache.internal:0"_s);
        auto *status = child<QLabel>(dialog, "urlStatus");
        QVERIFY2(contrast(status->palette().color(QPalette::WindowText), window) >= 4.5,
                 "the URL error is hard to read");
        QVERIFY(!dialog.importAppIni(u"/nonexistent/app.ini"_s));
        saveScreenshot(dialog,
                       dark ? u"connectiondialog-error-dark"_s : u"connectiondialog-error-light"_s);

        QApplication::setPalette(before);
    }

private:
    static void saveScreenshot(QWidget &widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("LOCKSCOPE_SCREENSHOTS");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QVERIFY(widget.grab().save(QDir(dir).filePath(name + u".png"_s)));
    }
};

QTEST_MAIN(tst_ConnectionDialog)
#include "tst_connectiondialog.moc"
