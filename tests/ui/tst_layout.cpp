// The window at the sizes operators use: the default 1200x760, a small 1024x640, a large
// 1600x1000, and the smallest it allows. Every tab stays usable: the locks table's last column in
// view, the Backoff lab's and the harness's fields never on top of each other (their forms
// scroll), the chart legends' entries whole.

#include "backoff/backoffchartswidget.h"
#include "backoff/backofflabwidget.h"
#include "common/elidingstatusbar.h"
#include "connection/serverstatuswidget.h"
#include "harness/harnesswidget.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "mainwindow.h"
#include "qcustomplotinclude.h"
#include "support/shippedtranslation.h"
#include "support/widgetlayout.h"

#include <QDir>
#include <QHeaderView>
#include <QHelpEvent>
#include <QImage>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QTranslator>

using namespace Qt::StringLiterals;

class TestLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyTabAtEverySize_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("default 1200x760") << QSize(1200, 760);
        QTest::newRow("1024x640") << QSize(1024, 640);
        QTest::newRow("960x600") << QSize(960, 600);
        QTest::newRow("1600x1000") << QSize(1600, 1000);
        QTest::newRow("smallest") << QSize(100, 100);
    }
    void everyTabAtEverySize()
    {
        QFETCH(QSize, size);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MainWindow window(dir.filePath(u"audit.jsonl"_s), dir.filePath(u"settings.ini"_s));
        // Shown large first with the lab open, then resized with another tab open: the lab's
        // charts are laid out again when it comes back.
        window.resize(1360, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.tabs()->setCurrentWidget(window.backoffLab());
        QCoreApplication::processEvents();
        window.tabs()->setCurrentIndex(0);
        window.resize(size);
        QCoreApplication::processEvents();
        // A minimum that keeps the tables and charts readable.
        QVERIFY(window.width() >= 800 && window.height() >= 520);

        // Locks: the last column, Held, in view without scrolling at the default size and up
        // (smaller, the table scrolls sideways).
        window.tabs()->setCurrentWidget(window.locksWidget());
        QCoreApplication::processEvents();
        auto *view = qobject_cast<QTableView *>(window.locksWidget()->view());
        QVERIFY(view);
        QHeaderView *header = view->horizontalHeader();
        const int held = LockTableModel::HeldColumn;
        if (size.width() >= 1200) {
            QVERIFY2(header->sectionViewportPosition(held) + header->sectionSize(held) <=
                         view->viewport()->width(),
                     qPrintable(
                         u"Held ends at %1 of %2"_s
                             .arg(header->sectionViewportPosition(held) + header->sectionSize(held))
                             .arg(view->viewport()->width())));
        }

        // The Backoff lab and the harness: fields apart, the rest reached by scrolling.
        auto *lab = window.findChild<BackoffLabWidget *>();
        auto *harness = window.findChild<HarnessWidget *>();
        for (QWidget *tab : {static_cast<QWidget *>(lab), static_cast<QWidget *>(harness)}) {
            window.tabs()->setCurrentWidget(tab);
            QCoreApplication::processEvents();
            for (QScrollArea *scroll : tab->findChildren<QScrollArea *>()) {
                if (!scroll->widget())
                    continue;
                const QStringList overlaps = testsupport::overlappingFields(scroll->widget());
                QVERIFY2(overlaps.isEmpty(), qPrintable(overlaps.join(u'\n')));
            }
        }

        // The lab's legends: every entry whole, on as many rows as it takes.
        window.tabs()->setCurrentWidget(lab);
        QCoreApplication::processEvents();
        checkLegends(lab);
        lab->applyPreset(BackoffLabWidget::Preset::awsComparison);
        QCoreApplication::processEvents();
        checkLegends(lab);
    }

    // A long temporary message (the harness's result) beside the connection indicator as the
    // sandbox fills it, at 1024x640: the message ends, elided, clear of the indicator, in English
    // and in Chinese. QStatusBar cut it off two pixels before the indicator, mid-letter.
    void temporaryMessageKeepsClearOfTheIndicator_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QSize>("size");
        QTest::newRow("en 1024x640") << u"en"_s << QSize(1024, 640);
        QTest::newRow("zh_CN 1024x640") << u"zh_CN"_s << QSize(1024, 640);
        QTest::newRow("en 1600x1000") << u"en"_s << QSize(1600, 1000);
    }
    void temporaryMessageKeepsClearOfTheIndicator()
    {
        QFETCH(QString, language);
        QFETCH(QSize, size);
        const lockscope::test::ShippedTranslation translation(language);
        QVERIFY(translation.loaded());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MainWindow window(dir.filePath(u"audit.jsonl"_s), dir.filePath(u"settings.ini"_s));
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *bar = qobject_cast<ElidingStatusBar *>(window.statusBar());
        QVERIFY(bar);
        auto *indicator = window.findChild<ServerStatusWidget *>();
        QVERIFY(indicator);
        ConnectionProfile profile;
        profile.name = u"Sandbox"_s;
        profile.url = u"redis://127.0.0.1:41193"_s;
        indicator->setProfile(profile);
        indicator->setState(ConnectionState::connected);
        ServerInfo info;
        info.version = u"7.0.15"_s;
        info.role = u"master"_s;
        info.mode = u"standalone"_s;
        info.keys = 21;
        info.latencyMs = 0.03;
        info.keyspaceNotifications = true;
        indicator->setServerInfo(info);
        const QString message =
            QCoreApplication::translate(
                "HarnessRunner", "Harness run finished: %n client(s), strategies %1", nullptr, 6)
                .arg(u"linear(1ms); exponential(1ms,100ms); fulljitter(1ms,100ms); "
                     u"decorrelatedjitter(1ms,100ms)"_s);
        bar->showMessage(message);
        QCoreApplication::processEvents();
        QCOMPARE(bar->currentMessage(), message);

        // Where it is drawn: left of the indicator with room between, and what is drawn fits.
        const QRect room = bar->messageRect();
        const QRect clear = indicator->geometry();
        QVERIFY2(room.right() < clear.left() - 4,
                 qPrintable(
                     u"message up to %1, indicator from %2"_s.arg(room.right()).arg(clear.left())));
        const QString shown = bar->shownMessage();
        QVERIFY(!shown.isEmpty());
        QVERIFY(bar->fontMetrics().horizontalAdvance(shown) <= room.width());
        if (size.width() <= 1024) {
            QVERIFY2(shown.endsWith(u'…') && shown.size() < message.size(), qPrintable(shown));
            // Cut short, the whole of it is the tool tip over it.
            QHelpEvent help(QEvent::ToolTip, room.center(), bar->mapToGlobal(room.center()));
            QCoreApplication::sendEvent(bar, &help);
            QTRY_COMPARE(QToolTip::text(), message);
            QToolTip::hideText();
        }

        // What is painted: the bar alone (its panel, frames and message, not the indicator's
        // own labels); text pixels on the indicator's rows end before it.
        QImage image(bar->size(), QImage::Format_ARGB32);
        image.fill(Qt::transparent);
        bar->render(&image, {}, {}, QWidget::DrawWindowBackground);
        int inkRight = -1;
        for (int y = clear.top() + 2; y <= clear.bottom() - 2; ++y) {
            const QColor background = image.pixelColor(1, y);
            for (int x = 0; x < image.width(); ++x) {
                // The frame QStatusBar's style may draw around the indicator is not text.
                if (x == clear.left() - 2 || x == clear.left() - 1 || x >= clear.right() + 1)
                    continue;
                const QColor c = image.pixelColor(x, y);
                if (std::abs(c.red() - background.red()) +
                        std::abs(c.green() - background.green()) +
                        std::abs(c.blue() - background.blue()) >
                    120)
                    inkRight = std::max(inkRight, x);
            }
        }
        QVERIFY2(inkRight >= 0, "the message is not drawn");
        QVERIFY2(
            inkRight < clear.left() - 4,
            qPrintable(u"text drawn up to x=%1, the indicator starts at %2"_s.arg(inkRight).arg(
                clear.left())));
        const QString shots = QStringLiteral(LAYOUT_SCREENSHOT_DIR);
        QDir().mkpath(shots);
        QVERIFY(window.grab().save(
            shots +
            u"/statusbar-%1-%2x%3.png"_s.arg(language).arg(size.width()).arg(size.height())));
    }

private:
    static void checkLegends(BackoffLabWidget *lab)
    {
        for (const auto chart :
             {BackoffChartsWidget::Chart::waits, BackoffChartsWidget::Chart::cumulative}) {
            QCustomPlot *plot = lab->charts()->plot(chart);
            plot->replot(); // laid out as it is now
            for (int i = 0; i < plot->legend->itemCount(); ++i) {
                QCPAbstractLegendItem *item = plot->legend->item(i);
                QVERIFY2(item->outerRect().width() >= item->minimumOuterSizeHint().width(),
                         qPrintable(u"legend entry %1: %2 px for %3"_s.arg(i)
                                        .arg(item->outerRect().width())
                                        .arg(item->minimumOuterSizeHint().width())));
                QVERIFY(plot->viewport().contains(item->outerRect()));
            }
        }
    }
};

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"
