// Alt+letter means one thing at a time. The scope Qt resolves a mnemonic in is the window: the
// menu bar's titles, the tab bar's titles and the fields of the tab on show (the other tabs'
// fields are hidden and do not answer); a menu's items, once it is open; a dialog's fields.
// Walks a real MainWindow, every tab, every menu and every dialog, in English and in Chinese
// (whose translations carry their own "(&C)"), and fails on any letter claimed twice.

#include "backoff/backofflabwidget.h"
#include "backoff/strategyeditorwidget.h"
#include "mainwindow.h"
#include "operatordialogs.h"
#include "uitranslation.h"

#include <QAbstractButton>
#include <QDialog>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// "Alt+C" for "&Connection" and "连接(&C)"; empty for a text without one.
QString mnemonic(const QString &text)
{
    return QKeySequence::mnemonic(text).toString(QKeySequence::PortableText).toUpper();
}

struct Claim
{
    QString key;
    QString owner; // what claims it, for the failure message
};

// The mnemonics of the fields under `root` that Qt would act on: labels with a buddy, buttons
// and check boxes, group box titles; visible ones only.
QList<Claim> fieldClaims(QWidget *root, QWidget *visibleIn)
{
    QList<Claim> claims;
    const auto claim = [&claims](const QString &text, const QObject *owner) {
        if (const QString key = mnemonic(text); !key.isEmpty())
            claims.append(
                {key, QStringLiteral("%1 \"%2\"")
                          .arg(QString::fromLatin1(owner->metaObject()->className()), text)});
    };
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        if (!widget->isVisibleTo(visibleIn))
            continue;
        if (auto *label = qobject_cast<QLabel *>(widget); label && label->buddy())
            claim(label->text(), label);
        else if (auto *button = qobject_cast<QAbstractButton *>(widget);
                 button && !qobject_cast<QTabBar *>(button->parentWidget()))
            claim(button->text(), button);
        else if (auto *group = qobject_cast<QGroupBox *>(widget))
            claim(group->title(), group);
    }
    return claims;
}

// "Alt+X: A, B" for every key claimed more than once.
QStringList clashes(const QList<Claim> &claims)
{
    QMap<QString, QStringList> owners;
    for (const Claim &claim : claims)
        owners[claim.key] << claim.owner;
    QStringList found;
    for (auto it = owners.cbegin(); it != owners.cend(); ++it)
        if (it.value().size() > 1)
            found << it.key() + u": "_s + it.value().join(u", "_s);
    return found;
}

QStringList menuClashes(QMenu *menu)
{
    QList<Claim> claims;
    QStringList found;
    for (QAction *action : menu->actions()) {
        if (action->isSeparator() || !action->isVisible())
            continue;
        if (const QString key = mnemonic(action->text()); !key.isEmpty())
            claims.append({key, action->text()});
        if (action->menu())
            found << menuClashes(action->menu());
    }
    for (const QString &clash : clashes(claims))
        found << menu->title() + u" › "_s + clash;
    return found;
}

} // namespace

class TestAccelerators : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void windowScopes_data();
    void windowScopes();
    void menus_data();
    void menus();
    void dialogs_data();
    void dialogs();
    void helpListsTheShortcuts();

private:
    void languages();
    void install(const QString &language);

    std::unique_ptr<QTranslator> translator_;
    QTemporaryDir dir_;
};

void TestAccelerators::languages()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << u"en"_s;
    QTest::newRow("zh_CN") << u"zh_CN"_s;
}

void TestAccelerators::install(const QString &language)
{
    translator_ = std::make_unique<QTranslator>();
    QVERIFY(loadUiTranslation(*translator_, uiLocale(language)));
    QCoreApplication::installTranslator(translator_.get());
}

void TestAccelerators::init()
{
    QVERIFY(dir_.isValid());
}

void TestAccelerators::cleanup()
{
    if (translator_)
        QCoreApplication::removeTranslator(translator_.get());
    translator_.reset();
}

void TestAccelerators::windowScopes_data()
{
    languages();
}

// Menu bar + tab bar + the fields of the tab on show, for every tab; the Backoff lab in each
// of its editor's layouts (limit, jitter: rows come and go).
void TestAccelerators::windowScopes()
{
    QFETCH(QString, language);
    install(language);
    MainWindow window(dir_.filePath(u"audit.jsonl"_s), dir_.filePath(u"settings.ini"_s));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QList<Claim> global;
    for (QAction *action : window.menuBar()->actions())
        if (const QString key = mnemonic(action->text()); !key.isEmpty())
            global.append({key, u"menu "_s + action->text()});
    QTabWidget *tabs = window.tabs();
    for (int i = 0; i < tabs->count(); ++i) {
        const QString key = mnemonic(tabs->tabText(i));
        QVERIFY2(!key.isEmpty(), qPrintable(tabs->tabText(i)));
        global.append({key, u"tab "_s + tabs->tabText(i)});
    }
    QCOMPARE(global.size(), window.menuBar()->actions().size() + tabs->count());

    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QStringList specs{QString()};
        auto *lab = qobject_cast<BackoffLabWidget *>(tabs->currentWidget());
        if (lab)
            specs = {u"limit(exponential(16ms,1s),5)"_s, u"limit(fulljitter(16ms,1s,1),3)"_s,
                     u"linear(1ms)"_s, u"decorrelated(16ms,1s)"_s};
        for (const QString &spec : specs) {
            if (lab)
                lab->editor()->setSpec(spec);
            QCoreApplication::processEvents();
            const QStringList found = clashes(global + fieldClaims(tabs->currentWidget(), &window));
            QVERIFY2(found.isEmpty(),
                     qPrintable(tabs->tabText(i) + u" "_s + spec + u": "_s + found.join(u"; "_s)));
        }
    }
}

void TestAccelerators::menus_data()
{
    languages();
}

void TestAccelerators::menus()
{
    QFETCH(QString, language);
    install(language);
    MainWindow window(dir_.filePath(u"audit.jsonl"_s), dir_.filePath(u"settings.ini"_s));
    int menus = 0;
    for (QAction *action : window.menuBar()->actions()) {
        QVERIFY(action->menu());
        ++menus;
        const QStringList found = menuClashes(action->menu());
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u"; "_s)));
    }
    QVERIFY(menus >= 4);
}

void TestAccelerators::dialogs_data()
{
    languages();
}

void TestAccelerators::dialogs()
{
    QFETCH(QString, language);
    install(language);
    const testsupport::OperatorDialogs dialogs = testsupport::makeOperatorDialogs();
    QVERIFY(testsupport::showAll(dialogs));
    ForceReleaseDialog *force = dialogs.forceRelease;
    // The second confirmation of Delete regardless, open.
    QTest::mouseClick(force->deleteRegardlessButton(), Qt::LeftButton);
    QVERIFY(force->confirmDeletePanel()->isVisible());
    // Two buttons that look alike would be one click from the wrong one.
    QVERIFY(force->deleteRegardlessButton()->text().remove(u'&') !=
            force->confirmDeleteButton()->text().remove(u'&'));
    QVERIFY(!force->confirmDeleteButton()->text().startsWith(
        force->deleteRegardlessButton()->text().remove(u'&').remove(u'…')));

    for (const auto &dialog : dialogs.all) {
        const QStringList found = clashes(fieldClaims(dialog.get(), dialog.get()));
        QVERIFY2(found.isEmpty(),
                 qPrintable(QString::fromLatin1(dialog->metaObject()->className()) + u": "_s +
                            found.join(u"; "_s)));
    }
}

// Help › Keyboard shortcuts lists what the actions really have, read when it opens.
void TestAccelerators::helpListsTheShortcuts()
{
    MainWindow window(dir_.filePath(u"audit.jsonl"_s), dir_.filePath(u"settings.ini"_s));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMenu *help = window.menuBar()->actions().constLast()->menu();
    QVERIFY(help);
    QStringList items;
    for (QAction *action : help->actions())
        items << action->text();
    QVERIFY2(items.contains(u"&Filter syntax"_s), qPrintable(items.join(u", "_s)));
    QVERIFY(items.contains(u"&Keyboard shortcuts"_s));

    window.obtainAction()->setShortcut(QKeySequence(u"Ctrl+Alt+O"_s)); // read, not hard-coded
    for (QAction *action : help->actions())
        if (action->text() == u"&Keyboard shortcuts"_s)
            action->trigger();
    auto *dialog = window.findChild<QDialog *>(u"keyboardShortcutsDialog"_s);
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    auto *table = dialog->findChild<QTableWidget *>(u"shortcutTable"_s);
    QVERIFY(table);
    QMap<QString, QString> rows;
    for (int row = 0; row < table->rowCount(); ++row)
        rows.insert(table->item(row, 0)->text(), table->item(row, 1)->text());
    QCOMPARE(rows.value(u"Obtain…"_s),
             QKeySequence(u"Ctrl+Alt+O"_s).toString(QKeySequence::NativeText));
    QCOMPARE(rows.value(u"Force release…"_s),
             QKeySequence(QKeySequence::Delete).toString(QKeySequence::NativeText));
    QVERIFY(rows.size() >= 10);

    for (QAction *action : help->actions())
        if (action->text() == u"&Filter syntax"_s)
            action->trigger();
    auto *filter = window.findChild<QDialog *>(u"filterSyntaxDialog"_s);
    QVERIFY(filter && filter->isVisible());
    const QString text = filter->findChild<QLabel *>(u"filterSyntaxText"_s)->text();
    for (const char *term : {"format:raw", "format:redislock", "is:stuck", "is:held"})
        QVERIFY2(text.contains(QLatin1String(term)), term);
}

QTEST_MAIN(TestAccelerators)
#include "tst_accelerators.moc"
