// The window at the sizes operators use: the default 1200x760, a small 1024x640, a large
// 1600x1000, and the smallest it allows. Every tab stays usable: the locks table's last column in
// view, the Backoff lab's and the harness's fields never on top of each other (their forms
// scroll), the chart legends' entries whole.

#include "backoff/backoffchartswidget.h"
#include "backoff/backofflabwidget.h"
#include "harness/harnesswidget.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "mainwindow.h"
#include "qcustomplotinclude.h"
#include "support/widgetlayout.h"

#include <QHeaderView>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

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
