// lockscope-screenshots [--language LANG] [--size WxH]... OUTDIR: renders the main window on the
// sandbox, in the light and the dark palette, and its Busiest locks tab (lockscope-timeline.png),
// to PNG files for the README; with --language (zh_CN) also lockscope-LANG.png, a light window in
// that language. With --size, also every tab at each size, in English and in LANG
// (tab-LANG-WxH-N.png), after a short harness run so that its table and charts have data: the
// layout review. It runs offscreen, so it needs no display:
//   QT_QPA_PLATFORM=offscreen lockscope-screenshots --language zh_CN docs
//   lockscope-screenshots --language zh_CN --size 1024x640 --size 1600x1000 /tmp/shots
// With --cluster, the sandbox is a 3-master 3-replica Redis Cluster instead, and it renders the
// Locks tab at each size (cluster-locks-WxH.png) and the connection dialog for a cluster and a
// Sentinel URL (cluster-connection.png, sentinel-connection.png):
//   lockscope-screenshots --cluster --size 1024x640 --size 1600x1000 /tmp/shots
#include "backoff/backofflabwidget.h"
// With --formats, the other libraries' locks instead: the Locks tab with the Redisson read-write
// lock selected (holders, evidence, auxiliary keys in the detail pane) at each size
// (formats-locks-WxH.png), the Auxiliary keys dialog (formats-aux-WxH.png) and the force-release
// dialog of that hash (formats-forcerelease.png), in --language when given:
//   lockscope-screenshots --formats --size 1024x640 --size 1600x1000 /tmp/shots
#include "actions/forcereleasedialog.h"
#include "common/darkpalette.h"
#include "connection/connectiondialog.h"
#include "connection/connectionprofile.h"
#include "harness/harnesswidget.h"
#include "locks/auxkeysdialog.h"
#include "locks/busiestlockswidget.h"
#include "locks/historytimelinewidget.h"
#include "locks/lockdetailwidget.h"
#include "locks/lockswidget.h"
#include "mainwindow.h"
#include "sandboxlauncher.h"
#include "uitranslation.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QItemSelectionModel>
#include <QPalette>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTranslator>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

// Selects the first lock with JSON metadata, so that the detail pane has something to show.
void selectInterestingLock(MainWindow &window)
{
    QAbstractItemView *view = window.locksWidget()->view();
    QAbstractItemModel *model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString text = model->index(row, 3).data().toString();
        if (text.contains(QLatin1Char('{')) &&
            model->index(row, 0).data().toString().contains(QStringLiteral("orders"))) {
            view->selectionModel()->setCurrentIndex(model->index(row, 0),
                                                    QItemSelectionModel::ClearAndSelect |
                                                        QItemSelectionModel::Rows);
            return;
        }
    }
    if (model->rowCount() > 0)
        view->selectionModel()->setCurrentIndex(
            model->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

bool save(QWidget &widget, const QString &path)
{
    const bool saved = widget.grab().save(path);
    std::printf("%s %s\n", saved ? "wrote" : "could not write", qPrintable(path));
    return saved;
}

// Lets the event loop run (countdowns, replots, the harness) for a while.
void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// A short harness run on the sandbox, so that the harness tab has numbers and charts.
void runHarness(MainWindow &window)
{
    auto *harness = window.findChild<HarnessWidget *>();
    if (!harness)
        return;
    if (auto *acquisitions = harness->findChild<QSpinBox *>(QStringLiteral("acquisitions")))
        acquisitions->setValue(150);
    if (auto *clients = harness->findChild<QSpinBox *>(QStringLiteral("clients")))
        clients->setValue(6);
    QEventLoop loop;
    QObject::connect(harness, &HarnessWidget::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    harness->run();
    if (harness->isRunning())
        loop.exec();
}

// The Locks tab with its detail pane scrolled down to the selected lock's timeline.
bool shootDetailTimeline(MainWindow &window, const QString &path)
{
    QWidget *timeline = window.locksWidget()->detail()->timeline();
    for (QWidget *parent = timeline->parentWidget(); parent; parent = parent->parentWidget()) {
        if (auto *scroll = qobject_cast<QScrollArea *>(parent)) {
            scroll->ensureWidgetVisible(timeline, 0, 40);
            break;
        }
    }
    pause(200);
    const bool ok = save(window, path);
    for (QWidget *parent = timeline->parentWidget(); parent; parent = parent->parentWidget())
        if (auto *scroll = qobject_cast<QScrollArea *>(parent))
            scroll->verticalScrollBar()->setValue(0);
    return ok;
}

// Every tab at every size: tab-LANG-WxH-N.png (the Locks tab also with its detail pane scrolled
// to the lock's timeline: tab-LANG-WxH-1-timeline.png).
bool shootTabs(MainWindow &window, const QString &language, const QList<QSize> &sizes,
               const QDir &out)
{
    bool ok = true;
    const QSize original = window.size();
    runHarness(window);
    for (const QSize &size : sizes) {
        window.resize(size);
        for (int tab = 0; tab < window.tabs()->count(); ++tab) {
            window.tabs()->setCurrentIndex(tab);
            pause(400);
            const QString name = QStringLiteral("tab-%1-%2x%3-%4.png")
                                     .arg(language)
                                     .arg(size.width())
                                     .arg(size.height())
                                     .arg(tab + 1);
            ok = save(window, out.filePath(name)) && ok;
            if (window.tabs()->currentWidget() == window.locksWidget())
                ok = shootDetailTimeline(
                         window, out.filePath(name.chopped(4) + QStringLiteral("-timeline.png"))) &&
                     ok;
        }
    }
    window.tabs()->setCurrentIndex(0);
    window.resize(original);
    return ok;
}

// The Locks tab on the cluster sandbox at every size, and the connection dialog for a cluster
// and a Sentinel deployment.
bool shootCluster(MainWindow &window, const QString &url, const QList<QSize> &sizes,
                  const QDir &out)
{
    bool ok = true;
    for (const QSize &size : sizes) {
        window.resize(size);
        pause(600);
        const QString name =
            QStringLiteral("cluster-locks-%1x%2.png").arg(size.width()).arg(size.height());
        ok = save(window, out.filePath(name)) && ok;
    }
    const std::pair<QString, QString> dialogs[] = {
        {QStringLiteral("cluster-connection.png"), url},
        {QStringLiteral("sentinel-connection.png"),
         QStringLiteral("redis-sentinel://10.0.0.5:26379,10.0.0.6:26379,10.0.0.7:26379/"
                        "lockmaster/0?sentinel_password=secret")},
    };
    for (const auto &[name, dialogUrl] : dialogs) {
        ConnectionDialog dialog(&window);
        ConnectionProfile profile;
        profile.name = name.startsWith(u"cluster") ? QStringLiteral("orders cluster")
                                                   : QStringLiteral("orders sentinel");
        profile.url = dialogUrl;
        profile.prefix = QStringLiteral("shop");
        dialog.setProfile(profile);
        dialog.show();
        pause(400);
        ok = save(dialog, out.filePath(name)) && ok;
    }
    return ok;
}

// The formats' panes: the Redisson read-write lock in the detail pane at every size, the
// Auxiliary keys dialog sized to the window, and the force-release dialog of the hash.
bool shootFormats(MainWindow &window, const QList<QSize> &sizes, const QDir &out)
{
    bool ok = true;
    LocksWidget *locks = window.locksWidget();
    const QByteArray key = "shop:redisson:catalog";
    for (const QSize &size : sizes) {
        window.resize(size);
        pause(300);
        if (!locks->selectKey(key)) {
            std::fprintf(stderr, "lockscope-screenshots: %s is not listed\n", key.constData());
            return false;
        }
        pause(800);
        ok = save(window, out.filePath(QStringLiteral("formats-locks-%1x%2.png")
                                           .arg(size.width())
                                           .arg(size.height()))) &&
             ok;
        window.auxKeysAction()->trigger();
        auto *aux = window.findChild<AuxKeysDialog *>();
        if (!aux)
            return false;
        aux->resize(std::min(size.width() - 40, aux->width()),
                    std::min(size.height() - 40, aux->height()));
        pause(1500);
        ok = save(*aux, out.filePath(QStringLiteral("formats-aux-%1x%2.png")
                                         .arg(size.width())
                                         .arg(size.height()))) &&
             ok;
        aux->close();
    }
    ForceReleaseDialog dialog(locks->detail()->lock(), &window);
    dialog.show();
    pause(400);
    ok = save(dialog, out.filePath(QStringLiteral("formats-forcerelease.png"))) && ok;
    return ok;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Lockscope"));
    QApplication::setApplicationName(QStringLiteral("lockscope-screenshots"));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Renders the inspector on its own sandbox to PNG files, offscreen."));
    parser.addHelpOption();
    const QCommandLineOption languageOption(QStringLiteral("language"),
                                            QStringLiteral("Also render the window in LANG."),
                                            QStringLiteral("LANG"));
    parser.addOption(languageOption);
    const QCommandLineOption sizeOption(
        QStringLiteral("size"), QStringLiteral("Also render every tab at WxH (repeatable)."),
        QStringLiteral("WxH"));
    parser.addOption(sizeOption);
    const QCommandLineOption clusterOption(
        QStringLiteral("cluster"),
        QStringLiteral("Render the Locks tab on a cluster sandbox and the connection dialog for "
                       "a cluster and a Sentinel, at each --size."));
    parser.addOption(clusterOption);
    const QCommandLineOption formatsOption(
        QStringLiteral("formats"),
        QStringLiteral("Render the other libraries' locks: detail pane, auxiliary keys and "
                       "force-release dialog."));
    parser.addOption(formatsOption);
    parser.addPositionalArgument(QStringLiteral("OUTDIR"), QStringLiteral("Where the PNGs go."));
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        std::fprintf(stderr, "usage: lockscope-screenshots [--language LANG] [--size WxH]... "
                             "[--cluster | --formats] OUTDIR (--help for more)\n");
        return 2;
    }
    const QString language = parser.value(languageOption);
    QList<QSize> sizes;
    for (const QString &text : parser.values(sizeOption)) {
        const QStringList parts = text.split(QLatin1Char('x'));
        const int width = parts.value(0).toInt();
        const int height = parts.value(1).toInt();
        if (parts.size() != 2 || width < 200 || height < 200) {
            std::fprintf(stderr, "lockscope-screenshots: --size takes WxH, e.g. 1024x640, not %s\n",
                         qPrintable(text));
            return 2;
        }
        sizes.append(QSize(width, height));
    }
    const QDir out(parser.positionalArguments().constFirst());
    if (!QDir().mkpath(out.path())) {
        std::fprintf(stderr, "lockscope-screenshots: cannot create %s\n", qPrintable(out.path()));
        return 1;
    }
    const QPalette lightPalette = QApplication::palette();
    // As the app does for English: the plural forms ("9 keys", not "9 key(s)").
    QTranslator english;
    if (loadUiTranslation(english, QLocale(QLocale::English)))
        QApplication::installTranslator(&english);
    // The cluster's and the formats' pictures are of one window: --language, when given, is its
    // language.
    const bool cluster = parser.isSet(clusterOption);
    const bool formats = parser.isSet(formatsOption);
    QTranslator clusterTranslator;
    QTranslator clusterQtTranslator;
    if ((cluster || formats) && !language.isEmpty()) {
        if (!loadUiTranslation(clusterTranslator, uiLocale(language))) {
            std::fprintf(stderr, "lockscope-screenshots: no translation for %s\n",
                         qPrintable(language));
            return 1;
        }
        QApplication::removeTranslator(&english);
        QApplication::installTranslator(&clusterTranslator);
        if (loadQtTranslation(clusterQtTranslator, uiLocale(language)))
            QApplication::installTranslator(&clusterQtTranslator);
    }

    // Settings and the audit log go to a temporary place: screenshots must not touch the
    // user's own.
    const QString scratch = QDir::temp().filePath(QStringLiteral("lockscope-screenshots"));
    QDir(scratch).removeRecursively();
    QDir().mkpath(scratch);

    SandboxLauncher sandbox;
    MainWindow window(scratch + QStringLiteral("/audit.jsonl"),
                      scratch + QStringLiteral("/settings.ini"));
    window.resize(1360, 820);
    window.show();
    // The translated window is built once its translator is in: widgets take their texts when
    // they are made.
    QTranslator translator;
    QTranslator qtTranslator; // Qt's own texts: standard buttons
    std::unique_ptr<MainWindow> translated;
    QString sandboxUrl;

    int status = 0;
    QObject::connect(&sandbox, &SandboxLauncher::failed, &app, [&status](const QString &message) {
        std::fprintf(stderr, "lockscope-screenshots: %s\n", qPrintable(message));
        status = 1;
        QApplication::quit();
    });
    const auto shootTranslated = [&] {
        if (!loadUiTranslation(translator, uiLocale(language))) {
            std::fprintf(stderr, "lockscope-screenshots: no translation for %s\n",
                         qPrintable(language));
            status = 1;
            QApplication::quit();
            return;
        }
        QApplication::removeTranslator(&english);
        QApplication::installTranslator(&translator);
        if (loadQtTranslation(qtTranslator, uiLocale(language)))
            QApplication::installTranslator(&qtTranslator);
        QApplication::setPalette(lightPalette);
        translated = std::make_unique<MainWindow>(
            scratch + QStringLiteral("/audit-%1.jsonl").arg(language),
            scratch + QStringLiteral("/settings-%1.ini").arg(language));
        translated->resize(window.size());
        translated->show();
        translated->openConnection(SandboxLauncher::profile(sandboxUrl));
        QTimer::singleShot(4000, translated.get(), [&] {
            selectInterestingLock(*translated);
            QTimer::singleShot(600, translated.get(), [&] {
                const QString name = QStringLiteral("lockscope-%1.png").arg(language);
                if (!save(*translated, out.filePath(name)))
                    status = 1;
                if (!sizes.isEmpty() && !shootTabs(*translated, language, sizes, out))
                    status = 1;
                QApplication::quit();
            });
        });
    };
    if (cluster && sizes.isEmpty())
        sizes = {QSize(1024, 640), QSize(1600, 1000)};
    if (formats && sizes.isEmpty())
        sizes = {QSize(1024, 640), QSize(1600, 1000)};
    QObject::connect(&sandbox, &SandboxLauncher::started, &window, [&](const QString &url) {
        sandboxUrl = url;
        if (formats) {
            window.openConnection(SandboxLauncher::profile(url));
            QTimer::singleShot(4000, &window, [&] {
                if (!shootFormats(window, sizes, out))
                    status = 1;
                QApplication::quit();
            });
            return;
        }
        if (cluster) {
            window.openConnection(SandboxLauncher::profile(url));
            // A cluster's scan and the demo services on every master take a little longer.
            QTimer::singleShot(6000, &window, [&] {
                selectInterestingLock(window);
                if (!shootCluster(window, sandboxUrl, sizes, out))
                    status = 1;
                QApplication::quit();
            });
            return;
        }
        window.openConnection(SandboxLauncher::profile(url));
        // Let the demo services take their locks and the countdowns run for a moment.
        QTimer::singleShot(4000, &window, [&] {
            selectInterestingLock(window);
            QTimer::singleShot(600, &window, [&] {
                if (!save(window, out.filePath(QStringLiteral("lockscope-light.png"))))
                    status = 1;
                QApplication::setPalette(darkPalette());
                QTimer::singleShot(600, &window, [&] {
                    if (!save(window, out.filePath(QStringLiteral("lockscope-dark.png"))))
                        status = 1;
                    window.tabs()->setCurrentWidget(window.timelineTab());
                    QTimer::singleShot(600, &window, [&] {
                        if (!save(window, out.filePath(QStringLiteral("lockscope-timeline.png"))))
                            status = 1;
                        window.tabs()->setCurrentWidget(window.backoffLab());
                    });
                    QTimer::singleShot(1200, &window, [&] {
                        if (!save(window, out.filePath(QStringLiteral("lockscope-backoff.png"))))
                            status = 1;
                        if (!sizes.isEmpty()) {
                            QApplication::setPalette(lightPalette);
                            if (!shootTabs(window, QStringLiteral("en"), sizes, out))
                                status = 1;
                        }
                        if (language.isEmpty())
                            QApplication::quit();
                        else
                            shootTranslated();
                    });
                });
            });
        });
    });
    sandbox.start(cluster ? Sandbox::Kind::cluster : Sandbox::Kind::standalone);
    const int result = QApplication::exec();
    translated.reset(); // its session lets go of its connection before the sandbox stops
    QDir(scratch).removeRecursively();
    return result != 0 ? result : status;
}
