// lockscope-screenshots [--language LANG] OUTDIR: renders the main window on the sandbox, in
// the light and the dark palette, to PNG files for the README; with --language (zh_CN) also
// lockscope-LANG.png, a light window in that language. It runs offscreen, so it needs no display:
//   QT_QPA_PLATFORM=offscreen lockscope-screenshots --language zh_CN docs
#include "common/darkpalette.h"
#include "connection/connectionprofile.h"
#include "locks/lockswidget.h"
#include "mainwindow.h"
#include "sandboxlauncher.h"
#include "uitranslation.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QItemSelectionModel>
#include <QPalette>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTranslator>

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
    const QCommandLineOption languageOption(QStringLiteral("language"),
                                            QStringLiteral("Also render the window in LANG."),
                                            QStringLiteral("LANG"));
    parser.addOption(languageOption);
    parser.addPositionalArgument(QStringLiteral("OUTDIR"), QStringLiteral("Where the PNGs go."));
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        std::fprintf(stderr, "usage: lockscope-screenshots [--language LANG] OUTDIR\n");
        return 2;
    }
    const QString language = parser.value(languageOption);
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
                QApplication::quit();
            });
        });
    };
    QObject::connect(&sandbox, &SandboxLauncher::started, &window, [&](const QString &url) {
        sandboxUrl = url;
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
                    window.tabs()->setCurrentIndex(1);
                    QTimer::singleShot(600, &window, [&] {
                        if (!save(window, out.filePath(QStringLiteral("lockscope-backoff.png"))))
                            status = 1;
                        if (language.isEmpty())
                            QApplication::quit();
                        else
                            shootTranslated();
                    });
                });
            });
        });
    });
    sandbox.start();
    const int result = QApplication::exec();
    translated.reset(); // its session lets go of its connection before the sandbox stops
    QDir(scratch).removeRecursively();
    return result != 0 ? result : status;
}
