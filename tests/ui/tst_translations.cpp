// The translations as the app loads them: the .qm files embedded under :/i18n (compiled from
// resources/translations/*.ts at build time), the Chinese window, placeholders kept in every
// translation, and the English plural forms.
#include "helpdialogs.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "mainwindow.h"
#include "operatordialogs.h"
#include "qcustomplotinclude.h"
#include "uitranslation.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QToolBar>
#include <QToolButton>
#include <QTranslator>
#include <QXmlStreamReader>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// A translator installed for the scope of one test function.
class InstalledTranslation
{
public:
    explicit InstalledTranslation(const QLocale &locale)
        : loaded_(loadUiTranslation(translator_, locale))
    {
        if (loaded_)
            QCoreApplication::installTranslator(&translator_);
    }
    ~InstalledTranslation() { QCoreApplication::removeTranslator(&translator_); }
    InstalledTranslation(const InstalledTranslation &) = delete;
    InstalledTranslation &operator=(const InstalledTranslation &) = delete;

    [[nodiscard]] bool loaded() const { return loaded_; }
    [[nodiscard]] QString filePath() const { return translator_.filePath(); }

private:
    QTranslator translator_;
    bool loaded_ = false;
};

struct TsMessage
{
    QString context;
    QString source;
    bool numerus = false;
    bool finished = true;
    QStringList forms; // one, or one per plural form
};

// The finished and unfinished messages of one .ts file from the source tree.
QList<TsMessage> readTs(const QString &path)
{
    QList<TsMessage> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        if (!xml.readNextStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            message = TsMessage{
                context, {}, xml.attributes().value(QLatin1String("numerus")) == u"yes", true, {}};
        } else if (name == u"source") {
            message.source = xml.readElementText();
        } else if (name == u"translation") {
            const auto type = xml.attributes().value(QLatin1String("type"));
            message.finished = type.isEmpty();
            if (type == u"vanished" || type == u"obsolete")
                continue;
            if (message.numerus) {
                while (xml.readNextStartElement())
                    message.forms << xml.readElementText();
            } else {
                message.forms << xml.readElementText();
            }
            messages << message;
        }
    }
    return messages;
}

// %1…%99, %L1, %n: the arguments .arg() and the plural count fill in, sorted.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%L?[0-9]{1,2}|%n"));
    QStringList found;
    for (const auto &match : pattern.globalMatch(text))
        found << match.captured();
    found.sort();
    return found;
}

QString tsPath(const char *language)
{
    return QStringLiteral(LOCKSCOPE_TRANSLATIONS_DIR "/lockscope_%1.ts")
        .arg(QLatin1String(language));
}

bool hasChinese(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff; });
}

// Words an operator may see untranslated in the Chinese UI: product and protocol names, Redis
// commands, units, file formats, key names, the retry grammar's keywords.
const QStringList &allowedWords()
{
    static const QStringList words = {
        // products, people, libraries
        u"Redis"_s,
        u"Lockscope"_s,
        u"Cosy"_s,
        u"redislock"_s,
        u"lockctl"_s,
        u"Go"_s,
        u"AWS"_s,
        u"Jain"_s,
        u"bsm"_s,
        u"Qt"_s,
        u"QtKeychain"_s,
        u"redis-server"_s,
        // protocols, formats, units, abbreviations
        u"TLS"_s,
        u"SNI"_s,
        u"CA"_s,
        u"URL"_s,
        u"JSON"_s,
        u"CSV"_s,
        u"PNG"_s,
        u"PDF"_s,
        u"PEM"_s,
        u"TTL"_s,
        u"SPEC"_s,
        u"UTF"_s,
        u"INI"_s,
        u"ms"_s,
        u"µs"_s,
        u"ns"_s,
        u"db"_s,
        u"ID"_s,
        u"RESP"_s,
        u"glob"_s,
        u"keyspace"_s,
        // Redis commands and INFO words
        u"SCAN"_s,
        u"MATCH"_s,
        u"DEL"_s,
        u"EVAL"_s,
        u"EVALSHA"_s,
        u"PEXPIRE"_s,
        u"PTTL"_s,
        u"SET"_s,
        u"GET"_s,
        u"INFO"_s,
        u"DBSIZE"_s,
        u"MONITOR"_s,
        u"PX"_s,
        u"NX"_s,
        u"XX"_s,
        u"notify"_s,
        u"events"_s,
        // keys on the keyboard
        u"Ctrl"_s,
        u"Alt"_s,
        u"Shift"_s,
        u"Del"_s,
        u"Ins"_s,
        u"Esc"_s,
        u"Enter"_s,
        u"Tab"_s,
        u"Backspace"_s,
        u"Delete"_s,
        u"Meta"_s,
        // the retry grammar and the filter's keywords
        u"none"_s,
        u"linear"_s,
        u"exponential"_s,
        u"limit"_s,
        u"fulljitter"_s,
        u"equaljitter"_s,
        u"decorrelated"_s,
        u"format"_s,
        u"raw"_s,
        u"custom"_s,
        u"stuck"_s,
        u"held"_s,
        u"is"_s,
        u"MIN"_s,
        u"MAX"_s,
        u"BASE"_s,
        u"CAP"_s,
        u"SEED"_s,
        u"N"_s,
        u"D"_s,
    };
    return words;
}

// The English words left in `text` once code-like tokens (specs, URLs, keys, "format:raw",
// file names: anything with ( ) : / _ . = or a digit) are taken out.
QStringList englishWords(const QString &text)
{
    QString plain = text;
    if (Qt::mightBeRichText(text)) {
        // <code> holds examples to type as they are.
        static const QRegularExpression code(u"<code>.*?</code>"_s);
        plain = QTextDocumentFragment::fromHtml(QString(text).replace(code, u" "_s)).toPlainText();
    }
    plain.remove(QRegularExpression(u"\\(&.\\)"_s)).remove(u'&');
    static const QRegularExpression codeLike(u"\\S*[():/_.=0-9\\\\<>{}\\[\\]|*@]\\S*"_s);
    plain.replace(codeLike, u" "_s);
    static const QRegularExpression word(u"[A-Za-z][A-Za-z'-]*"_s);
    QStringList found;
    for (const auto &match : word.globalMatch(plain)) {
        const QString w = match.captured();
        if (w.size() < 2)
            continue;
        const bool allowed =
            std::any_of(allowedWords().cbegin(), allowedWords().cend(),
                        [&w](const QString &a) { return a.compare(w, Qt::CaseInsensitive) == 0; });
        if (!allowed)
            found << w;
    }
    return found;
}

// Every text the operator can see in `root`: labels, buttons, group boxes, tab titles, combo
// box items, table headers, chart titles and axis labels; "where: text" of those with English.
QStringList untranslatedTexts(QWidget *root, const QString &where)
{
    QStringList texts;
    const auto take = [&texts](const QString &text) {
        if (!text.trimmed().isEmpty())
            texts << text;
    };
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *widget : widgets) {
        if (!widget->isVisibleTo(root) && widget != root)
            continue;
        if (widget->isWindow())
            take(widget->windowTitle());
        if (auto *label = qobject_cast<QLabel *>(widget))
            take(label->text());
        else if (auto *button = qobject_cast<QAbstractButton *>(widget))
            take(button->text());
        else if (auto *group = qobject_cast<QGroupBox *>(widget))
            take(group->title());
        else if (auto *tabs = qobject_cast<QTabWidget *>(widget)) {
            for (int i = 0; i < tabs->count(); ++i)
                take(tabs->tabText(i));
        } else if (auto *combo = qobject_cast<QComboBox *>(widget)) {
            for (int i = 0; i < combo->count(); ++i)
                take(combo->itemText(i));
        } else if (auto *header = qobject_cast<QHeaderView *>(widget);
                   header && header->model() && header->orientation() == Qt::Horizontal) {
            for (int i = 0; i < header->count(); ++i)
                take(header->model()->headerData(i, Qt::Horizontal).toString());
        } else if (auto *plot = qobject_cast<QCustomPlot *>(widget)) {
            for (QCPAxisRect *rect : plot->axisRects())
                for (QCPAxis *axis : rect->axes())
                    take(axis->label());
            for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
                if (auto *title = qobject_cast<QCPTextElement *>(plot->plotLayout()->elementAt(i)))
                    take(title->text());
        }
    }
    QStringList offending;
    for (const QString &text : std::as_const(texts)) {
        const QStringList words = englishWords(text);
        if (!words.isEmpty())
            offending << u"%1: \"%2\" (%3)"_s.arg(where, text.left(120), words.join(u", "_s));
    }
    return offending;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsFromResources_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("file");
        const QString zh = QStringLiteral(":/i18n/lockscope_zh_CN.qm");
        const QString en = QStringLiteral(":/i18n/lockscope_en.qm");
        // What --language takes, and what the system locale may be.
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << zh;
        QTest::newRow("zh-CN") << QStringLiteral("zh-CN") << zh;
        QTest::newRow("en") << QStringLiteral("en") << en;
        QTest::newRow("en_US") << QStringLiteral("en_US") << en;
        QTest::newRow("en_GB") << QStringLiteral("en_GB") << en;
        QTest::newRow("C") << QStringLiteral("C") << en;
        // No German translation: the English plural forms rather than "key(s)".
        QTest::newRow("de_DE") << QStringLiteral("de_DE") << en;
    }
    void loadsFromResources()
    {
        QFETCH(QString, language);
        QFETCH(QString, file);
        QVERIFY(QFile::exists(file));
        QTranslator translator;
        QVERIFY(loadUiTranslation(translator, uiLocale(language)));
        QCOMPARE(translator.filePath(), file);
        QVERIFY(!translator.isEmpty());
    }

    // The same call main.cpp made before the English fallback: zh_CN from :/i18n.
    void qtranslatorFindsChineseDirectly()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QStringLiteral("zh_CN")), QStringLiteral("lockscope"),
                                QStringLiteral("_"), QStringLiteral(":/i18n")));
        QCOMPARE(translator.translate("MainWindow", "&Locks"), QStringLiteral("锁(&L)"));
    }

    void mainWindowInChinese()
    {
        const InstalledTranslation zh(QLocale(QStringLiteral("zh_CN")));
        QVERIFY(zh.loaded());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MainWindow window(dir.filePath(QStringLiteral("audit.jsonl")),
                          dir.filePath(QStringLiteral("settings.ini")));
        window.show();

        QTabWidget *tabs = window.tabs();
        QStringList tabTitles;
        for (int i = 0; i < tabs->count(); ++i)
            tabTitles << tabs->tabText(i);
        QCOMPARE(tabTitles,
                 (QStringList{QStringLiteral("锁(&O)"), QStringLiteral("最繁忙的锁(&U)"),
                              QStringLiteral("退避实验室(&B)"), QStringLiteral("争用测试(&N)"),
                              QStringLiteral("活动(&A)")}));

        QStringList menuTitles;
        for (QAction *action : window.menuBar()->actions())
            menuTitles << action->text();
        QCOMPARE(menuTitles, (QStringList{QStringLiteral("文件(&F)"), QStringLiteral("连接(&C)"),
                                          QStringLiteral("锁(&L)"), QStringLiteral("视图(&V)"),
                                          QStringLiteral("帮助(&H)")}));

        // Every item of every menu, submenus included, speaks Chinese.
        QList<QMenu *> menus;
        for (QAction *action : window.menuBar()->actions())
            menus << action->menu();
        for (qsizetype i = 0; i < menus.size(); ++i) {
            for (QAction *action : menus[i]->actions()) {
                if (action->isSeparator() || action->text().isEmpty())
                    continue;
                QVERIFY2(hasChinese(action->text()), qPrintable(action->text()));
                if (action->menu())
                    menus << action->menu();
            }
        }

        QCOMPARE(window.obtainAction()->text(), QStringLiteral("获取(&O)…"));
        QCOMPARE(window.deleteRegardlessAction()->text(), QStringLiteral("强制删除(&D)…"));
        // The toolbar shows the text without the "(O)" mnemonic the translation puts after it.
        auto *toolbar = window.findChild<QToolBar *>(QStringLiteral("MainToolBar"));
        QVERIFY(toolbar);
        auto *obtainButton =
            qobject_cast<QToolButton *>(toolbar->widgetForAction(window.obtainAction()));
        QVERIFY(obtainButton);
        QCOMPARE(obtainButton->text(), QStringLiteral("获取…"));
        QAbstractItemModel *locks = window.locksWidget()->model();
        QCOMPARE(locks->headerData(0, Qt::Horizontal).toString(), QStringLiteral("键"));
    }

    // Every tab, menu and dialog of a real window in Chinese: no English left but the names,
    // commands and units of the allow-list. Qt's own texts (Cancel) come translated too.
    void noEnglishLeftInChinese()
    {
        const InstalledTranslation zh(QLocale(QStringLiteral("zh_CN")));
        QVERIFY(zh.loaded());
        QTranslator qt;
        const bool qtLoaded = loadQtTranslation(qt, QLocale(QStringLiteral("zh_CN")));
        if (qtLoaded)
            QCoreApplication::installTranslator(&qt);
        const auto removeQt = qScopeGuard([&] { QCoreApplication::removeTranslator(&qt); });
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MainWindow window(dir.filePath(QStringLiteral("audit.jsonl")),
                          dir.filePath(QStringLiteral("settings.ini")));
        window.resize(1200, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QStringList offending;
        for (int i = 0; i < window.tabs()->count(); ++i) {
            window.tabs()->setCurrentIndex(i);
            QCoreApplication::processEvents();
            offending << untranslatedTexts(&window, window.tabs()->tabText(i));
        }
        QList<QMenu *> menus;
        for (QAction *action : window.menuBar()->actions())
            menus << action->menu();
        for (qsizetype i = 0; i < menus.size(); ++i) {
            for (QAction *action : menus[i]->actions()) {
                if (action->menu())
                    menus << action->menu();
                for (const QString &text : {action->text(), action->toolTip()})
                    if (const QStringList words = englishWords(text); !words.isEmpty())
                        offending << u"menu: \"%1\" (%2)"_s.arg(text, words.join(u", "_s));
            }
        }

        // The dialogs, each as the operator opens it.
        const testsupport::OperatorDialogs dialogs = testsupport::makeOperatorDialogs();
        QVERIFY(testsupport::showAll(dialogs));
        // Force release…'s second confirmation too.
        dialogs.forceRelease->deleteRegardlessButton()->click();
        for (const auto &dialog : dialogs.all)
            offending << untranslatedTexts(dialog.get(),
                                           QString::fromLatin1(dialog->metaObject()->className()));
        showFilterSyntax(&window);
        showKeyboardShortcuts(&window);
        for (QDialog *dialog : window.findChildren<QDialog *>())
            if (dialog->isVisible())
                offending << untranslatedTexts(dialog, dialog->objectName());
        // The quit dialog's Cancel and the message boxes' OK are Qt's standard buttons.
        QMessageBox box(QMessageBox::Question, u"?"_s, u"?"_s,
                        QMessageBox::Cancel | QMessageBox::Ok);
        QCOMPARE(box.button(QMessageBox::Cancel)->text(), QStringLiteral("取消"));
        QCOMPARE(box.button(QMessageBox::Ok)->text(), QStringLiteral("确定"));

        offending.removeDuplicates();
        QVERIFY2(offending.isEmpty(), qPrintable(offending.join(u'\n')));
    }

    void placeholdersKept_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addColumn<bool>("numerus");
        QTest::addColumn<bool>("finished");
        QTest::addColumn<QStringList>("forms");
        for (const char *language : {"zh_CN", "en"}) {
            const QList<TsMessage> messages = readTs(tsPath(language));
            QVERIFY2(!messages.isEmpty(), qPrintable(tsPath(language)));
            for (const TsMessage &m : messages)
                QTest::addRow("%s %s: %s", language, qPrintable(m.context),
                              qPrintable(m.source.left(48).replace(u'\n', u' ')))
                    << m.context << m.source << m.numerus << m.finished << m.forms;
        }
    }
    // Each translation keeps the source's %1…, %L1 and %n, and the embedded .qm is the one
    // built from this .ts (it returns the same text).
    void placeholdersKept()
    {
        QFETCH(QString, context);
        QFETCH(QString, source);
        QFETCH(bool, numerus);
        QFETCH(bool, finished);
        QFETCH(QStringList, forms);
        QVERIFY(finished);
        QVERIFY(!forms.isEmpty());
        for (const QString &form : forms) {
            QVERIFY(!form.isEmpty());
            QCOMPARE(placeholders(form), placeholders(source));
        }

        const QString language = QString::fromUtf8(QTest::currentDataTag()).section(u' ', 0, 0);
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/lockscope_%1.qm").arg(language)));
        const QByteArray c = context.toUtf8();
        const QByteArray s = source.toUtf8();
        if (numerus) {
            // The plural rules pick the form: Chinese has one, English one for 1, else the other.
            QCOMPARE(translator.translate(c.constData(), s.constData(), nullptr, 1),
                     forms.constFirst());
            QCOMPARE(translator.translate(c.constData(), s.constData(), nullptr, 2),
                     forms.constLast());
        } else {
            QCOMPARE(translator.translate(c.constData(), s.constData()), forms.constFirst());
        }
    }

    void englishPlurals_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("expected");
        QTest::newRow("en 0") << QStringLiteral("en") << 0 << QStringLiteral("0 keys scanned");
        QTest::newRow("en 1") << QStringLiteral("en") << 1 << QStringLiteral("1 key scanned");
        QTest::newRow("en 2") << QStringLiteral("en") << 2 << QStringLiteral("2 keys scanned");
        QTest::newRow("en_US 1") << QStringLiteral("en_US") << 1 << QStringLiteral("1 key scanned");
        QTest::newRow("en_US 1000")
            << QStringLiteral("en_US") << 1000 << QStringLiteral("1000 keys scanned");
        QTest::newRow("zh_CN 1") << QStringLiteral("zh_CN") << 1 << QStringLiteral("已扫描 1 个键");
        QTest::newRow("zh_CN 2") << QStringLiteral("zh_CN") << 2 << QStringLiteral("已扫描 2 个键");
    }
    void englishPlurals()
    {
        QFETCH(QString, language);
        QFETCH(int, count);
        QFETCH(QString, expected);
        const InstalledTranslation installed(uiLocale(language));
        QVERIFY(installed.loaded());
        QCOMPARE(QCoreApplication::translate("MainWindow", "%n key(s) scanned", nullptr, count),
                 expected);
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
