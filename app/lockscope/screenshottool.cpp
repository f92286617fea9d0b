// lockscope-screenshots OUTDIR: renders the main window on the sandbox, in the light and the
// dark palette, to PNG files for the README. It runs offscreen, so it needs no display:
//   QT_QPA_PLATFORM=offscreen lockscope-screenshots docs
#include "connection/connectionprofile.h"
#include "locks/lockswidget.h"
#include "mainwindow.h"
#include "sandboxlauncher.h"

#include <QApplication>
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

namespace {

QPalette darkPalette()
{
    QPalette palette;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x20, 0x23);
    const QColor text(0xe6, 0xe6, 0xe6);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::red);
    palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xf0));
    palette.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8c, 0x90));
    palette.setColor(QPalette::Mid, QColor(0x45, 0x47, 0x4c));
    palette.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    palette.setColor(QPalette::Light, QColor(0x50, 0x52, 0x58));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    return palette;
}

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
    if (argc != 2) {
        std::fprintf(stderr, "usage: lockscope-screenshots OUTDIR\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    if (!QDir().mkpath(out.path())) {
        std::fprintf(stderr, "lockscope-screenshots: cannot create %s\n", argv[1]);
        return 1;
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

    int status = 0;
    QObject::connect(&sandbox, &SandboxLauncher::failed, &app, [&status](const QString &message) {
        std::fprintf(stderr, "lockscope-screenshots: %s\n", qPrintable(message));
        status = 1;
        QApplication::quit();
    });
    QObject::connect(&sandbox, &SandboxLauncher::started, &window, [&](const QString &url) {
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
                        QApplication::quit();
                    });
                });
            });
        });
    });
    sandbox.start();
    const int result = QApplication::exec();
    QDir(scratch).removeRecursively();
    return result != 0 ? result : status;
}
