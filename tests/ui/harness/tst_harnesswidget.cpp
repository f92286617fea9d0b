// The contention harness tab, driven offscreen as a user would against a real redis-server:
// fill in the form, click Run, watch it finish (or cancel it), and check what the table, the
// status line and the charts show; export CSV, PNG and PDF.

#include "harness/harnessresultmodel.h"
#include "harness/harnessrunner.h"
#include "harness/harnesswidget.h"
#include "qcustomplotinclude.h"
#include "session/writegate.h"
#include "support/closedport.h"
#include "support/commandstats.h"
#include "support/markingtranslator.h"
#include "support/rawredis.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"
#include "support/widgetlayout.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScopeGuard>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>
#include <optional>

using namespace lockscope::test;
using namespace Qt::StringLiterals;

class TestHarnessWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void runShowsTheNumbersAndCharts();
    void notifyBesidePolling();
    void cancelStopsAndReleases();
    void destroyedWhileRunning();
    void runNeedsAConnection();
    void connectionFailureIsShown();
    void badSettingsAreShown_data();
    void badSettingsAreShown();
    void aClosedWriteGateRefusesTheRun();
    void progressBarSaysWhereTheRunIs();
    void threeStrategiesFitTheTable();
    void legendsLeaveTheDataClear();
    void everyColumnExplainsItself();
    void aSmallWindowScrollsTheForm_data();
    void aSmallWindowScrollsTheForm();

private:
    template <class T>
    T *child(const char *name) const
    {
        auto *found = widget_->findChild<T *>(QString::fromLatin1(name));
        if (!found)
            qFatal("no child %s", name);
        return found;
    }
    void fill(int clients, const QString &strategies, const QString &hold);
    [[nodiscard]] QString cell(int row, int column) const
    {
        auto *model = widget_->resultModel();
        return model->data(model->index(row, column)).toString();
    }

    std::optional<RedisServer> server_;
    // What the session hands the harness in the app: its clients write only through it.
    std::shared_ptr<WriteGate> gate_ = std::make_shared<WriteGate>();
    std::unique_ptr<HarnessWidget> widget_;
    std::unique_ptr<QAbstractItemModelTester> tester_;
    QTemporaryDir dir_;
    QString key_;
};

void TestHarnessWidget::initTestCase()
{
    QVERIFY(dir_.isValid());
    server_.emplace();
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
}

void TestHarnessWidget::init()
{
    widget_ = std::make_unique<HarnessWidget>();
    gate_->setReadOnly(false);
    widget_->runner()->setWriteGate(gate_);
    tester_ = std::make_unique<QAbstractItemModelTester>(
        widget_->resultModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    widget_->resize(1200, 760);
    widget_->show();
    QVERIFY(QTest::qWaitForWindowExposed(widget_.get()));
    widget_->setConnection(
        redislock::ConnectionOptions::fromUrl(server_->url().toStdString()).value());
    key_ = QString::fromStdString(uniqueKey());
}

void TestHarnessWidget::cleanup()
{
    tester_.reset();
    widget_.reset();
}

void TestHarnessWidget::fill(int clients, const QString &strategies, const QString &hold)
{
    child<QSpinBox>("clients")->setValue(clients);
    child<QPlainTextEdit>("strategies")->setPlainText(strategies);
    child<QLineEdit>("hold")->setText(hold);
    child<QLineEdit>("ttl")->setText(u"1s"_s);
    child<QLineEdit>("key")->setText(key_);
}

void TestHarnessWidget::runShowsTheNumbersAndCharts()
{
    fill(4, u"linear(1ms)\nfulljitter(1ms,8ms)"_s, u"0..1ms"_s);
    child<QRadioButton>("byAcquisitions")->setChecked(true);
    child<QSpinBox>("acquisitions")->setValue(50);

    QSignalSpy started(widget_.get(), &HarnessWidget::started);
    QSignalSpy finished(widget_.get(), &HarnessWidget::finished);
    QSignalSpy audited(widget_->runner(), &HarnessRunner::audited);
    QTest::mouseClick(child<QPushButton>("run"), Qt::LeftButton);
    QCOMPARE(started.size(), 1);
    QVERIFY(widget_->isRunning());
    QVERIFY(!child<QPushButton>("run")->isEnabled());
    QVERIFY(child<QPushButton>("cancel")->isEnabled());
    QVERIFY(finished.wait(20000));

    // The Activity tab's lines of the session: the audit log's English as before, and for the
    // Activity tab the whole line through tr(), the clients' plural included.
    QCOMPARE(audited.size(), 2);
    const QString strategies = u"linear(1ms); fulljitter(1ms,8ms)"_s;
    const auto begun = audited.at(0).at(0).value<ActionResult>();
    const auto ended = audited.at(1).at(0).value<ActionResult>();
    QCOMPARE(begun.outcome, ActionResult::Outcome::started);
    QCOMPARE(begun.message, u"Harness run started: 4 client(s), strategies "_s + strategies);
    QCOMPARE(ended.outcome, ActionResult::Outcome::done);
    QCOMPARE(ended.message, u"Harness run finished: 4 client(s), strategies "_s + strategies);
    {
        lockscope::test::MarkingTranslator marking("HarnessRunner");
        QCoreApplication::installTranslator(&marking);
        const auto removeMarking =
            qScopeGuard([&] { QCoreApplication::removeTranslator(&marking); });
        QCOMPARE(begun.displayMessage(),
                 u"«Harness run started: 4 clients, strategies "_s + strategies + u"»"_s);
        QCOMPARE(ended.displayMessage(),
                 u"«Harness run finished: 4 clients, strategies "_s + strategies + u"»"_s);
    }
    QCOMPARE(finished.first().at(0).toBool(), false);
    QCOMPARE(finished.first().at(1).toString(), QString());
    QVERIFY(!widget_->isRunning());
    QVERIFY(child<QPushButton>("run")->isEnabled());

    // The table: one row per strategy with its numbers.
    QCOMPARE(widget_->resultModel()->rowCount(), 2);
    QCOMPARE(cell(0, HarnessResultModel::strategyColumn), u"linear(1ms)"_s);
    QCOMPARE(cell(1, HarnessResultModel::strategyColumn), u"fulljitter(1ms,8ms)"_s);
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(cell(row, HarnessResultModel::acquisitionsColumn), u"50"_s);
        QCOMPARE(cell(row, HarnessResultModel::violationsColumn), u"0"_s);
        const auto &run = widget_->results()[static_cast<std::size_t>(row)];
        QCOMPARE(cell(row, HarnessResultModel::attemptsColumn), QLocale().toString(run.attempts));
        QVERIFY(!cell(row, HarnessResultModel::callsPerAcquisitionColumn).isEmpty());
        QVERIFY(!cell(row, HarnessResultModel::waitP99Column).isEmpty());
        const double fairness =
            widget_->resultModel()
                ->data(widget_->resultModel()->index(row, HarnessResultModel::fairnessColumn),
                       HarnessResultModel::valueRole)
                .toDouble();
        QVERIFY(fairness > 0 && fairness <= 1);
    }
    // "2 run(s)" until an English translation supplies the plural.
    const QString status = child<QLabel>("status")->text();
    QVERIFY2(status.startsWith(u"Done: 2 run"_s) && status.contains(u", 0 violation"_s),
             qPrintable(status));
    QCOMPARE(child<QProgressBar>("progress")->value(), child<QProgressBar>("progress")->maximum());

    // The charts have the data: attempts of the run shown, a wait distribution per strategy,
    // a bar per strategy in each comparison.
    auto *attempts = child<QCustomPlot>("attemptsPlot");
    QCOMPARE(child<QComboBox>("attemptsRun")->currentIndex(), 1);
    int plotted = 0;
    int acquired = -1;
    for (int i = 0; i < attempts->graphCount(); ++i) {
        plotted += attempts->graph(i)->data()->size();
        if (attempts->graph(i)->name() == u"acquired")
            acquired = attempts->graph(i)->data()->size();
    }
    QCOMPARE(static_cast<std::uint64_t>(plotted), widget_->results()[1].attempts);
    QCOMPARE(acquired, 50);
    child<QComboBox>("attemptsRun")->setCurrentIndex(0);
    plotted = 0;
    for (int i = 0; i < attempts->graphCount(); ++i)
        plotted += attempts->graph(i)->data()->size();
    QCOMPARE(static_cast<std::uint64_t>(plotted), widget_->results()[0].attempts);

    auto *waits = child<QCustomPlot>("waitPlot");
    QCOMPARE(waits->graphCount(), 2);
    QCOMPARE(waits->graph(0)->data()->size(), 50);
    QCOMPARE(waits->graph(1)->name(), u"fulljitter(1ms,8ms)"_s);
    auto *comparison = child<QCustomPlot>("comparisonPlot");
    QCOMPARE(comparison->axisRects().size(), 3);
    for (QCPAxisRect *rect : comparison->axisRects()) {
        auto *bars = qobject_cast<QCPBars *>(rect->plottables().value(0));
        QVERIFY(bars);
        QCOMPARE(bars->data()->size(), 2);
    }

    // Exports.
    for (const char *button : {"exportCsv", "exportPng", "exportPdf"})
        QVERIFY(child<QPushButton>(button)->isEnabled());
    const QString csv = dir_.filePath(u"attempts.csv"_s);
    QVERIFY(widget_->exportCsv(csv));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto lines = file.readAll().split('\n');
    QCOMPARE(static_cast<std::uint64_t>(lines.size()),
             1 + widget_->results()[0].attempts + widget_->results()[1].attempts + 1);
    auto *tabs = child<QTabWidget>("harnessCharts");
    for (int tab = 0; tab < tabs->count(); ++tab) {
        tabs->setCurrentIndex(tab);
        const QString png = dir_.filePath(u"chart%1.png"_s.arg(tab));
        QVERIFY(widget_->exportChart(png));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 1000);
        const QString pdf = dir_.filePath(u"chart%1.pdf"_s.arg(tab));
        QVERIFY(widget_->exportChart(pdf));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");
    }

    // For a person to look at (LOCKSCOPE_GRAB_DIR=... keeps them).
    if (const QByteArray grabDir = qgetenv("LOCKSCOPE_GRAB_DIR"); !grabDir.isEmpty()) {
        for (int tab = 0; tab < tabs->count(); ++tab) {
            tabs->setCurrentIndex(tab);
            QTest::qWait(50);
            widget_->grab().save(QString::fromLocal8Bit(grabDir) +
                                 u"/harness-tab%1.png"_s.arg(tab));
        }
    }
    QVERIFY(!server_->rawClient().exists(key_.toUtf8()));
}

void TestHarnessWidget::notifyBesidePolling()
{
    // The operator turns the keyspace events on; the harness only reads the setting.
    RawRedis raw = server_->rawClient();
    QCOMPARE(raw.command({"CONFIG", "SET", "notify-keyspace-events", "Egx"}).str, "OK");
    const auto eventsOff = qScopeGuard([&] {
        (void)raw.command({"CONFIG", "SET", "notify-keyspace-events", ""});
    });
    // A 5 ms hold: polling every millisecond fails about five times per waiter and turn, while
    // waiting for the release (bounded by 1 s waits, which no turn here needs) does not poll.
    fill(4, u"linear(1ms)\nnotify(linear(1s))"_s, u"5ms"_s);
    child<QRadioButton>("byAcquisitions")->setChecked(true);
    child<QSpinBox>("acquisitions")->setValue(40);
    QSignalSpy finished(widget_.get(), &HarnessWidget::finished);
    QTest::mouseClick(child<QPushButton>("run"), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(1).toString(), QString());

    auto *model = widget_->resultModel();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(cell(1, HarnessResultModel::strategyColumn), u"notify(linear(1s))"_s);
    const auto number = [&](int row, int column) {
        return model->data(model->index(row, column), HarnessResultModel::valueRole).toDouble();
    };
    for (int row = 0; row < 2; ++row) {
        const auto &run = widget_->results()[static_cast<std::size_t>(row)];
        QCOMPARE(cell(row, HarnessResultModel::acquisitionsColumn), u"40"_s);
        QCOMPARE(cell(row, HarnessResultModel::wastedColumn), QLocale().toString(run.notObtained));
        QCOMPARE(cell(row, HarnessResultModel::redisCallsColumn),
                 QLocale().toString(run.redisCalls));
        QCOMPARE(cell(row, HarnessResultModel::violationsColumn), u"0"_s);
        QVERIFY(!cell(row, HarnessResultModel::waitP50Column).isEmpty());
        QVERIFY(!cell(row, HarnessResultModel::fairnessColumn).isEmpty());
    }
    const QString shown = u"linear: %1 wasted, %2 calls/acq.; notify: %3 wasted, %4 calls/acq., "
                          u"p99 %5 ms"_s.arg(cell(0, HarnessResultModel::wastedColumn),
                                             cell(0, HarnessResultModel::callsPerAcquisitionColumn),
                                             cell(1, HarnessResultModel::wastedColumn),
                                             cell(1, HarnessResultModel::callsPerAcquisitionColumn),
                                             cell(1, HarnessResultModel::waitP99Column));
    qInfo("%s", qPrintable(shown));
    // Fewer wasted attempts and calls per acquisition than polling, in the same comparison.
    QVERIFY2(number(1, HarnessResultModel::wastedColumn) <
                 number(0, HarnessResultModel::wastedColumn),
             qPrintable(shown));
    QVERIFY2(number(1, HarnessResultModel::callsPerAcquisitionColumn) <
                 number(0, HarnessResultModel::callsPerAcquisitionColumn),
             qPrintable(shown));
    // Every turn came from a release, not from the strategy's 1 s wait.
    QVERIFY2(number(1, HarnessResultModel::waitP50Column) < 500, qPrintable(shown));
}

void TestHarnessWidget::cancelStopsAndReleases()
{
    fill(3, u"linear(1ms)\nnone"_s, u"5ms"_s);
    child<QRadioButton>("byDuration")->setChecked(true);
    child<QLineEdit>("duration")->setText(u"60s"_s);
    QSignalSpy finished(widget_.get(), &HarnessWidget::finished);
    QTest::mouseClick(child<QPushButton>("run"), Qt::LeftButton);

    // Live: attempts arrive on the chart and the progress bar moves before the run ends.
    auto *attempts = child<QCustomPlot>("attemptsPlot");
    QTRY_VERIFY_WITH_TIMEOUT(attempts->graph(1)->data()->size() > 3, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(child<QProgressBar>("progress")->value() > 0, 5000);
    QVERIFY(cell(0, HarnessResultModel::acquisitionsColumn).toInt() > 0);
    QVERIFY(finished.isEmpty());

    QTest::mouseClick(child<QPushButton>("cancel"), Qt::LeftButton);
    QVERIFY(finished.wait(3000));
    QCOMPARE(finished.first().at(0).toBool(), true);
    QVERIFY(child<QLabel>("status")->text().contains(u"Cancelled"_s));
    QVERIFY(cell(0, HarnessResultModel::strategyColumn).contains(u"cancelled"_s));
    QCOMPARE(widget_->results().size(), 1u); // the second strategy never ran
    QVERIFY(child<QPushButton>("run")->isEnabled());
    QVERIFY(!server_->rawClient().exists(key_.toUtf8()));
}

void TestHarnessWidget::destroyedWhileRunning()
{
    fill(3, u"linear(1ms)"_s, u"20ms"_s);
    child<QRadioButton>("byDuration")->setChecked(true);
    child<QLineEdit>("duration")->setText(u"60s"_s);
    QTest::mouseClick(child<QPushButton>("run"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(cell(0, HarnessResultModel::acquisitionsColumn).toInt() > 0, 5000);
    QElapsedTimer timer;
    timer.start();
    tester_.reset();
    widget_.reset(); // cancels and joins
    QVERIFY(timer.elapsed() < 2000);
    QVERIFY(!server_->rawClient().exists(key_.toUtf8()));
}

void TestHarnessWidget::runNeedsAConnection()
{
    tester_.reset();
    widget_ = std::make_unique<HarnessWidget>();
    QVERIFY(!child<QPushButton>("run")->isEnabled());
    widget_->setConnection(redislock::ConnectionOptions{});
    QVERIFY(child<QPushButton>("run")->isEnabled());
}

void TestHarnessWidget::connectionFailureIsShown()
{
    redislock::ConnectionOptions nowhere;
    nowhere.port = closedLoopbackPort();
    widget_->setConnection(nowhere);
    fill(2, u"none"_s, u"1ms"_s);
    QSignalSpy finished(widget_.get(), &HarnessWidget::finished);
    QTest::mouseClick(child<QPushButton>("run"), Qt::LeftButton);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY(!finished.first().at(1).toString().isEmpty());
    QVERIFY2(child<QLabel>("status")->text().startsWith(u"Could not run: "_s),
             qPrintable(child<QLabel>("status")->text()));
    QVERIFY(child<QPushButton>("run")->isEnabled());
    QVERIFY(widget_->results().empty());
    QVERIFY(!child<QPushButton>("exportCsv")->isEnabled());
}

void TestHarnessWidget::badSettingsAreShown_data()
{
    QTest::addColumn<QString>("strategies");
    QTest::addColumn<QString>("hold");
    QTest::addColumn<QString>("ttl");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad strategy") << u"linear(1ms)\nexponential(1s)"_s << u"1ms"_s << u"1s"_s
                                  << u"Strategy:"_s;
    QTest::newRow("no strategy") << u"\n \n"_s << u"1ms"_s << u"1s"_s << u"strategy"_s;
    QTest::newRow("reversed hold") << u"none"_s << u"5ms..1ms"_s << u"1s"_s << u"Hold:"_s;
    QTest::newRow("ttl without unit") << u"none"_s << u"1ms"_s << u"100"_s << u"TTL:"_s;
    QTest::newRow("ttl below 1ms") << u"none"_s << u"1ms"_s << u"10us"_s << u"ttl"_s;
}

void TestHarnessWidget::badSettingsAreShown()
{
    QFETCH(QString, strategies);
    QFETCH(QString, hold);
    QFETCH(QString, ttl);
    QFETCH(QString, message);
    fill(2, strategies, hold);
    child<QLineEdit>("ttl")->setText(ttl);
    QSignalSpy started(widget_.get(), &HarnessWidget::started);
    QTest::mouseClick(child<QPushButton>("run"), Qt::LeftButton);
    QCOMPARE(started.size(), 0);
    QVERIFY(!widget_->isRunning());
    QVERIFY2(child<QLabel>("status")->text().contains(message),
             qPrintable(child<QLabel>("status")->text()));
    QVERIFY(child<QPushButton>("run")->isEnabled());
}

void TestHarnessWidget::progressBarSaysWhereTheRunIs()
{
    fill(2, u"linear(1ms)\nnone\nlinear(2ms)"_s, u"1ms"_s);
    child<QRadioButton>("byDuration")->setChecked(true);
    child<QLineEdit>("duration")->setText(u"1s"_s);
    auto *progress = child<QProgressBar>("progress");
    QVERIFY(progress->isTextVisible());
    QSignalSpy finished(widget_.get(), &HarnessWidget::finished);
    QTest::mouseClick(child<QPushButton>("run"), Qt::LeftButton);
    static const QRegularExpression running(u"^run [123] of 3 · [0-9,]+ acquisitions$"_s);
    QTRY_VERIFY_WITH_TIMEOUT(running.match(progress->text()).hasMatch(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(progress->text().startsWith(u"run 3 of 3"_s) || !finished.isEmpty(),
                             20000);
    QVERIFY(finished.wait(20000) || !finished.isEmpty());
    std::uint64_t acquisitions = 0;
    for (const auto &run : widget_->results())
        acquisitions += run.acquisitions;
    QCOMPARE(progress->text(),
             u"done · %1 acquisitions"_s.arg(QLocale().toString(quint64(acquisitions))));
}

// With three strategies in the window's default share of the tab, every number up to
// Violations is in view; the strategy column gives way (elided, its tooltip whole).
void TestHarnessWidget::threeStrategiesFitTheTable()
{
    widget_->resize(1024 - 20, 640 - 120); // the tab's share of a 1024x640 window
    fill(2, u"linear(1ms)\nexponential(1ms,100ms)\nfulljitter(1ms,100ms)"_s, u"0..1ms"_s);
    child<QSpinBox>("acquisitions")->setValue(20);
    QSignalSpy finished(widget_.get(), &HarnessWidget::finished);
    QTest::mouseClick(child<QPushButton>("run"), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    QCOMPARE(widget_->resultModel()->rowCount(), 3);
    auto *table = child<QTableView>("harnessResults");
    QHeaderView *header = table->horizontalHeader();
    const int violations = HarnessResultModel::violationsColumn;
    QTRY_VERIFY(header->sectionViewportPosition(violations) + header->sectionSize(violations) <=
                table->viewport()->width());
    QVERIFY(header->sectionSize(violations) >=
            header->fontMetrics().horizontalAdvance(u"Violations"_s));
    const QString tip = widget_->resultModel()
                            ->index(1, HarnessResultModel::strategyColumn)
                            .data(Qt::ToolTipRole)
                            .toString();
    QVERIFY2(tip.startsWith(u"exponential(1ms,100ms)"_s), qPrintable(tip));
}

void TestHarnessWidget::legendsLeaveTheDataClear()
{
    fill(3, u"linear(1ms)\nfulljitter(1ms,8ms)\nexponential(1ms,8ms)"_s, u"0..1ms"_s);
    child<QSpinBox>("acquisitions")->setValue(20);
    QSignalSpy finished(widget_.get(), &HarnessWidget::finished);
    QTest::mouseClick(child<QPushButton>("run"), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    auto *tabs = child<QTabWidget>("harnessCharts");
    for (const char *name : {"attemptsPlot", "waitPlot"}) {
        auto *plot = child<QCustomPlot>(name);
        tabs->setCurrentWidget(tabs->indexOf(plot) >= 0 ? plot : plot->parentWidget());
        QTest::qWait(20);
        plot->replot();
        QVERIFY(plot->legend->visible());
        QVERIFY(plot->legend->itemCount() >= 3);
        const QRect legend = plot->legend->outerRect();
        const QRect data = plot->axisRect()->rect();
        QVERIFY2(!legend.intersects(data),
                 qPrintable(u"%1: legend %2,%3 %4x%5 over the data"_s.arg(QLatin1String(name))
                                .arg(legend.x())
                                .arg(legend.y())
                                .arg(legend.width())
                                .arg(legend.height())));
    }
}

void TestHarnessWidget::everyColumnExplainsItself()
{
    auto *model = widget_->resultModel();
    QStringList tips;
    for (int column = 0; column < model->columnCount(); ++column) {
        const QString tip = model->headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString();
        QVERIFY2(tip.size() > 20, qPrintable(model->headerData(column, Qt::Horizontal).toString()));
        QVERIFY(!tips.contains(tip));
        tips << tip;
    }
}

void TestHarnessWidget::aSmallWindowScrollsTheForm_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("640x400") << QSize(640, 400);
    QTest::newRow("1024x640") << QSize(1024, 640);
    QTest::newRow("1600x1000") << QSize(1600, 1000);
}

void TestHarnessWidget::aSmallWindowScrollsTheForm()
{
    QFETCH(QSize, size);
    widget_->resize(size);
    QTest::qWait(0);
    auto *scroll = child<QScrollArea>("formScroll");
    const QStringList overlaps = testsupport::overlappingFields(scroll->widget());
    QVERIFY2(overlaps.isEmpty(), qPrintable(overlaps.join(u'\n')));
}

QTEST_MAIN(TestHarnessWidget)
void TestHarnessWidget::aClosedWriteGateRefusesTheRun()
{
    // Read-only below the UI: even with Run pressed programmatically, the runner asks the gate
    // and no client connects or writes; the refusal is audited.
    fill(2, u"none"_s, u"1ms"_s);
    gate_->setReadOnly(true);
    auto raw = server_->rawClient();
    QVERIFY(!raw.command({"CONFIG", "RESETSTAT"}).isError());
    QSignalSpy finished(widget_.get(), &HarnessWidget::finished);
    QSignalSpy audited(widget_->runner(), &HarnessRunner::audited);
    widget_->run();
    QVERIFY(finished.wait(5000));
    QVERIFY2(finished.first().at(1).toString().contains(u"read-only"_s),
             qPrintable(finished.first().at(1).toString()));
    QCOMPARE(audited.size(), 1);
    const auto entry = audited.first().at(0).value<ActionResult>();
    QCOMPARE(entry.action, LockAction::harnessRun);
    QCOMPARE(entry.outcome, ActionResult::Outcome::refused);
    QCOMPARE(entry.key, key_.toUtf8());
    QVERIFY(!raw.exists(key_.toUtf8()));
    const QStringList writes = lockscope::test::nonReadCommands(raw);
    QVERIFY2(writes.isEmpty(), qPrintable(writes.join(u' ')));

    // Open again: the run goes ahead, with a start and an end entry.
    gate_->setReadOnly(false);
    audited.clear();
    finished.clear();
    widget_->run();
    QVERIFY(finished.wait(20000));
    QCOMPARE(audited.size(), 2);
    QCOMPARE(audited.at(0).at(0).value<ActionResult>().outcome, ActionResult::Outcome::started);
    const auto end = audited.at(1).at(0).value<ActionResult>();
    QCOMPARE(end.outcome, ActionResult::Outcome::done);
    QVERIFY2(end.message.contains(u"2 client(s)"_s) && end.message.contains(u"none"_s),
             qPrintable(end.message));
}

#include "tst_harnesswidget.moc"
