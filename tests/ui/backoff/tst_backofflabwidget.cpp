// The Backoff lab, driven offscreen as a person would: typing specs, the form, the deadline
// settings, overlaying strategies, exports. Asserts on what the charts, the table and the
// sentence show; the expected waits are the Go library's via the core's schedule.

#include "backoff/backofflabwidget.h"
#include "backoff/scheduletablemodel.h"
#include "backoff/strategyeditorwidget.h"
#include "backoff/strategylistmodel.h"
#include "common/darkpalette.h"
#include "qcustomplotinclude.h"
#include "support/widgetlayout.h"

#include <redislock/retryschedule.h>
#include <redislock/retryspec.h>

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QStyleFactory>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <cmath>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using Chart = BackoffChartsWidget::Chart;

namespace {

QCustomPlot *plotOf(const BackoffLabWidget &lab, Chart chart)
{
    return lab.charts()->plot(chart);
}

QString role(const QObject *object)
{
    return object->property("lockscopeRole").toString();
}

QCPGraph *graphNamed(QCustomPlot *plot, const QString &name)
{
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name() == name)
            return plot->graph(i);
    return nullptr;
}

QCPCurve *curveOf(QCustomPlot *plot, const QString &name, const QString &curveRole)
{
    for (int i = 0; i < plot->plottableCount(); ++i) {
        auto *curve = qobject_cast<QCPCurve *>(plot->plottable(i));
        if (curve && curve->name() == name && role(curve) == curveRole)
            return curve;
    }
    return nullptr;
}

QList<QPointF> points(QCPGraph *graph)
{
    QList<QPointF> result;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        result.append({it->key, it->value});
    return result;
}

QList<QPointF> points(QCPCurve *curve)
{
    QList<QPointF> result;
    for (auto it = curve->data()->constBegin(); it != curve->data()->constEnd(); ++it)
        result.append({it->key, it->value});
    return result;
}

double ms(std::chrono::nanoseconds duration)
{
    return std::chrono::duration<double, std::milli>(duration).count();
}

// Replaces the SPEC field's text by typing, as a person does.
void typeSpec(BackoffLabWidget &lab, const QString &text)
{
    auto *spec = lab.findChild<QLineEdit *>(u"spec"_s);
    QVERIFY(spec);
    spec->setFocus();
    spec->selectAll();
    QTest::keyClick(spec, Qt::Key_Backspace);
    QTest::keyClicks(spec, text);
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

} // namespace

class TestBackoffLabWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void typingASpecRedrawsTheCharts_data();
    void typingASpecRedrawsTheCharts();
    void anInvalidSpecShowsTheErrorAndKeepsTheChart_data();
    void anInvalidSpecShowsTheErrorAndKeepsTheChart();
    void cosyTestIsCutOffByTheDeadline();
    void aCallerDeadlineReplacesTheTtl();
    void overlayingThreeStrategiesDrawsThreeGraphs();
    void aNestedLimitIsTextOnly();
    void notifyWaitsAreBoundsOfItsStrategy();
    void removingEveryStrategy();
    void textFillsTheForm_data();
    void textFillsTheForm();
    void formWritesTheText_data();
    void formWritesTheText();
    void seededJitterIsReproducible();
    void jitterBandSpansTheSeeds();
    void logScaleToggle();
    void aDrawIsKeptUntilTheStrategyChanges();
    void logAxisBandHasNoGaps();
    void errorsDoNotMoveTheForm();
    void aSmallWindowScrollsTheForm_data();
    void aSmallWindowScrollsTheForm();
    void exports();
    void chartsFollowAPaletteChange();
    void screenshots_data();
    void screenshots();
};

void TestBackoffLabWidget::initTestCase()
{
    // Fusion draws the same everywhere, so screenshots do not depend on the platform theme.
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
}

void TestBackoffLabWidget::typingASpecRedrawsTheCharts_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QList<double>>("waits");

    // The Go library: 2^(n+1) ms raised to min and lowered to max.
    QTest::newRow("exponential(16ms,1s)")
        << u"exponential(16ms,1s)"_s
        << QList<double>{16, 16, 16, 32, 64, 128, 256, 512, 1000, 1000, 1000};
    QTest::newRow("exponential(0,0)")
        << u"exponential(0,0)"_s
        << QList<double>{4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};
    QTest::newRow("linear(50ms)") << u"linear(50ms)"_s << QList<double>(11, 50);
    QTest::newRow("limit(exponential(16ms,1s),3)")
        << u"limit(exponential(16ms,1s),3)"_s << QList<double>{16, 16, 16};
    QTest::newRow("none") << u"none"_s << QList<double>{};
}

void TestBackoffLabWidget::typingASpecRedrawsTheCharts()
{
    QFETCH(QString, spec);
    QFETCH(QList<double>, waits);

    BackoffLabWidget lab;
    QAbstractItemModelTester listTester(lab.strategies());
    QAbstractItemModelTester tableTester(lab.scheduleModel());
    lab.applyPreset(BackoffLabWidget::Preset::cosyTest);
    lab.setTtl(10min); // far away: every attempt is made
    lab.setAttempts(12);
    QCOMPARE(lab.currentRow(), 0);

    typeSpec(lab, spec);
    QCOMPARE(lab.strategies()->spec(0), spec);
    QCOMPARE(lab.editor()->errorText(), QString());

    // The core's schedule agrees with the numbers above.
    const auto strategy = redislock::parseRetryStrategy(spec.toStdString());
    QVERIFY(strategy);
    const auto schedule = redislock::computeSchedule(*strategy, 12, 10min);
    QCOMPARE(schedule.waits.size(), std::size_t(waits.size()));
    for (qsizetype i = 0; i < waits.size(); ++i)
        QCOMPARE(ms(schedule.waits[std::size_t(i)]), waits[i]);

    QCOMPARE(plotOf(lab, Chart::waits)->graphCount(), 1);
    QCPGraph *waitGraph = graphNamed(plotOf(lab, Chart::waits), spec);
    QVERIFY(waitGraph);
    QList<QPointF> expected;
    for (qsizetype i = 0; i < waits.size(); ++i)
        expected.append({double(i + 2), waits[i]});
    QCOMPARE(points(waitGraph), expected);

    QCPGraph *startGraph = graphNamed(plotOf(lab, Chart::cumulative), spec);
    QVERIFY(startGraph);
    QList<QPointF> starts{{1, 0}};
    double sum = 0;
    for (qsizetype i = 0; i < waits.size(); ++i)
        starts.append({double(i + 2), sum += waits[i]});
    QCOMPARE(points(startGraph), starts);
    QVERIFY(!curveOf(plotOf(lab, Chart::cumulative), spec, u"pastDeadline"_s));

    // The table shows the same schedule.
    QCOMPARE(lab.scheduleModel()->rowCount(), waits.size() + 1);
    for (qsizetype i = 0; i < waits.size(); ++i) {
        const QModelIndex wait =
            lab.scheduleModel()->index(int(i) + 1, ScheduleTableModel::WaitColumn);
        QCOMPARE(wait.data(ScheduleTableModel::ValueRole).toDouble(), waits[i]);
    }
}

void TestBackoffLabWidget::anInvalidSpecShowsTheErrorAndKeepsTheChart_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("error");
    QTest::newRow("a missing argument") << u"exponential(16ms)"_s << u"wrong number of arguments"_s;
    QTest::newRow("a bad unit") << u"linear(10xs)"_s << u"10xs"_s;
    QTest::newRow("an unknown kind") << u"fibonacci(1ms)"_s << u"unknown strategy"_s;
    QTest::newRow("a negative limit") << u"limit(linear(1ms),-1)"_s << u"retry count"_s;
    QTest::newRow("unclosed") << u"linear(100ms"_s << u"expected , or )"_s;
}

void TestBackoffLabWidget::anInvalidSpecShowsTheErrorAndKeepsTheChart()
{
    QFETCH(QString, spec);
    QFETCH(QString, error);

    BackoffLabWidget lab;
    lab.applyPreset(BackoffLabWidget::Preset::linearAgainstExponential);
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    const QString before = lab.strategies()->spec(0);
    const QList<QPointF> waitsBefore = points(graphNamed(plotOf(lab, Chart::waits), before));
    const QList<QPointF> startsBefore = points(graphNamed(plotOf(lab, Chart::cumulative), before));
    QVERIFY(!waitsBefore.isEmpty());

    typeSpec(lab, spec);
    auto *label = lab.findChild<QLabel *>(u"error"_s);
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(error), qPrintable(label->text()));
    QVERIFY(!label->text().contains(QLatin1Char('\n')));
    QCOMPARE(lab.editor()->errorText(), label->text());

    QCOMPARE(lab.strategies()->spec(0), before);
    QCOMPARE(plotOf(lab, Chart::waits)->graphCount(), 2);
    QCOMPARE(points(graphNamed(plotOf(lab, Chart::waits), before)), waitsBefore);
    QCOMPARE(points(graphNamed(plotOf(lab, Chart::cumulative), before)), startsBefore);

    // Fixing the text clears the error.
    typeSpec(lab, u"linear(20ms)"_s);
    QVERIFY(!label->isVisible());
    QCOMPARE(lab.strategies()->spec(0), u"linear(20ms)"_s);
}

void TestBackoffLabWidget::cosyTestIsCutOffByTheDeadline()
{
    BackoffLabWidget lab;
    QAbstractItemModelTester tableTester(lab.scheduleModel());
    lab.applyPreset(BackoffLabWidget::Preset::cosyTest);
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    const QString spec = u"limit(linear(100ms),10)"_s;
    QCOMPARE(lab.strategies()->spec(0), spec);
    QCOMPARE(lab.effectiveDeadline(), 100ms);

    const QString sentence =
        u"The deadline (100 ms) ends retrying after 1 attempt; the strategy allowed 11."_s;
    QCOMPARE(lab.summary(), sentence);
    auto *summary = lab.findChild<QLabel *>(u"summary"_s);
    QVERIFY(summary->isVisible());
    QCOMPARE(summary->text(), sentence);

    // The table: attempt 1 is made, attempts 2 to 11 are past the deadline and say so.
    const ScheduleTableModel *table = lab.scheduleModel();
    QCOMPARE(table->rowCount(), 11);
    QCOMPARE(table->index(0, ScheduleTableModel::DeadlineColumn).data().toString(), u"before"_s);
    QVERIFY(table->index(0, 0).data(ScheduleTableModel::BeforeDeadlineRole).toBool());
    QVERIFY(!table->index(0, 0).data(Qt::ForegroundRole).isValid());
    for (int row = 1; row < 10; ++row) {
        QVERIFY(!table->index(row, 0).data(ScheduleTableModel::BeforeDeadlineRole).toBool());
        QCOMPARE(table->index(row, ScheduleTableModel::DeadlineColumn).data().toString(),
                 u"past the deadline: not made"_s);
        QVERIFY(
            table->index(row, ScheduleTableModel::WaitColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY(table->index(row, 0).data(Qt::FontRole).value<QFont>().italic());
        QCOMPARE(table->index(row, ScheduleTableModel::StartsAtColumn).data().toString(),
                 u"%1 ms"_s.arg(row * 100));
    }
    QVERIFY(!table->index(10, 0).data(ScheduleTableModel::BeforeDeadlineRole).toBool());
    QCOMPARE(table->index(10, ScheduleTableModel::StartsAtColumn).data().toString(), u"1 s"_s);

    // The charts: only attempt 1 is in the graph; the rest is the faded tail, and the cut-off
    // mark sits on attempt 2, at the deadline.
    QCustomPlot *starts = plotOf(lab, Chart::cumulative);
    QCOMPARE(points(graphNamed(starts, spec)), (QList<QPointF>{{1, 0}}));
    QCPCurve *tail = curveOf(starts, spec, u"pastDeadline"_s);
    QVERIFY(tail);
    QCOMPARE(points(tail).size(), 11);
    QCOMPARE(points(tail).first(), QPointF(1, 0));
    QCOMPARE(points(tail).last(), QPointF(11, 1000));
    QCOMPARE(tail->pen().style(), Qt::DashLine);
    QVERIFY(tail->pen().color().alpha() < 255);
    QCPCurve *cut = curveOf(starts, spec, u"cutOff"_s);
    QVERIFY(cut);
    QCOMPARE(points(cut), (QList<QPointF>{{2, 100}}));
    QCOMPARE(points(graphNamed(plotOf(lab, Chart::waits), spec)), QList<QPointF>());
    QCOMPARE(points(curveOf(plotOf(lab, Chart::waits), spec, u"cutOff"_s)),
             (QList<QPointF>{{2, 100}}));

    // The deadline is drawn at 100 ms, labelled.
    QCPItemStraightLine *line = nullptr;
    QCPItemText *label = nullptr;
    for (int i = 0; i < starts->itemCount(); ++i) {
        if (role(starts->item(i)) == u"deadline"_s)
            line = qobject_cast<QCPItemStraightLine *>(starts->item(i));
        if (role(starts->item(i)) == u"deadlineLabel"_s)
            label = qobject_cast<QCPItemText *>(starts->item(i));
    }
    QVERIFY(line && label);
    QCOMPARE(line->point1->coords().y(), 100.0);
    QCOMPARE(line->point2->coords().y(), 100.0);
    QCOMPARE(label->text(), u"deadline 100 ms"_s);

    // A ttl that lets every retry in: the limit ends retrying instead.
    lab.setTtl(2s);
    QCOMPARE(lab.summary(), u"The strategy ends retrying after 11 attempts, the last starting at "
                            u"1 s, before the deadline (2 s)."_s);
    QVERIFY(!curveOf(starts, spec, u"pastDeadline"_s));
    QCOMPARE(points(graphNamed(starts, spec)).size(), 11);
}

void TestBackoffLabWidget::aCallerDeadlineReplacesTheTtl()
{
    BackoffLabWidget lab;
    lab.applyPreset(BackoffLabWidget::Preset::linearAgainstExponential);
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    QCOMPARE(lab.strategies()->spec(0), u"linear(100ms)"_s);
    QCOMPARE(lab.effectiveDeadline(), 1s);

    auto *deadline = lab.findChild<QLineEdit *>(u"deadline"_s);
    typeInto(deadline, u"350ms"_s);
    QCOMPARE(lab.effectiveDeadline(), 350ms);
    QCOMPARE(lab.scheduleModel()->schedule().attemptsBeforeDeadline, std::size_t(4));
    QVERIFY2(lab.summary().startsWith(u"The deadline (350 ms) ends retrying after 4 attempts"_s),
             qPrintable(lab.summary()));

    // Nonsense is refused in one line and changes nothing.
    deadline->end(false);
    QTest::keyClicks(deadline, u" or so"_s);
    auto *error = lab.findChild<QLabel *>(u"settingsError"_s);
    QVERIFY(error->isVisible());
    QVERIFY(error->text().startsWith(u"Deadline:"_s));
    QCOMPARE(lab.effectiveDeadline(), 350ms);

    // Empty again: the ttl is the deadline.
    deadline->clear();
    QVERIFY(error->text().isEmpty());
    QCOMPARE(lab.effectiveDeadline(), 1s);
    QCOMPARE(lab.scheduleModel()->schedule().attemptsBeforeDeadline, std::size_t(10));
}

void TestBackoffLabWidget::overlayingThreeStrategiesDrawsThreeGraphs()
{
    BackoffLabWidget lab;
    QAbstractItemModelTester listTester(lab.strategies());
    lab.applyPreset(BackoffLabWidget::Preset::cosyTest);
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    auto *add = lab.findChild<QToolButton *>(u"addStrategy"_s);
    auto *remove = lab.findChild<QToolButton *>(u"removeStrategy"_s);

    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(lab.currentRow(), 1);
    typeSpec(lab, u"exponential(16ms,1s)"_s);
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(lab.currentRow(), 2);
    typeSpec(lab, u"fulljitter(16ms,1s,7)"_s);

    const QStringList specs{u"limit(linear(100ms),10)"_s, u"exponential(16ms,1s)"_s,
                            u"fulljitter(16ms,1s,7)"_s};
    for (const Chart chart : {Chart::waits, Chart::cumulative}) {
        QCustomPlot *plot = plotOf(lab, chart);
        QCOMPARE(plot->graphCount(), 3);
        QSet<QRgb> colours;
        for (int row = 0; row < 3; ++row) {
            QCPGraph *graph = graphNamed(plot, specs[row]);
            QVERIFY2(graph, qPrintable(specs[row]));
            QCOMPARE(graph->pen().color(), lab.strategies()->colour(row));
            colours.insert(graph->pen().color().rgb());
        }
        QCOMPARE(colours.size(), 3);
        // The legend names the three strategies and nothing else (no tails, no marks).
        int named = 0;
        for (int i = 0; i < plot->plottableCount(); ++i)
            named += plot->legend->hasItemWithPlottable(plot->plottable(i)) ? 1 : 0;
        QCOMPARE(named, 3);
    }
    // The selected strategy's line is the heaviest.
    QVERIFY(graphNamed(plotOf(lab, Chart::waits), specs[2])->pen().widthF() >
            graphNamed(plotOf(lab, Chart::waits), specs[1])->pen().widthF());

    // Hiding one takes its graphs away; showing it brings them back.
    lab.strategies()->setData(lab.strategies()->index(1), Qt::Unchecked, Qt::CheckStateRole);
    QCOMPARE(plotOf(lab, Chart::waits)->graphCount(), 2);
    QVERIFY(!graphNamed(plotOf(lab, Chart::cumulative), specs[1]));
    lab.strategies()->setData(lab.strategies()->index(1), Qt::Checked, Qt::CheckStateRole);
    QCOMPARE(plotOf(lab, Chart::cumulative)->graphCount(), 3);

    // Removing the selected one: two left, and a freed colour goes to the next one added.
    const QColor freed = lab.strategies()->colour(2);
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(lab.strategies()->rowCount(), 2);
    QCOMPARE(plotOf(lab, Chart::waits)->graphCount(), 2);
    QCOMPARE(lab.addStrategy(u"linear(30ms)"_s), 2);
    QCOMPARE(lab.strategies()->colour(2), freed);
    QCOMPARE(lab.addStrategy(u"linear(30"_s), -1);
    QCOMPARE(lab.strategies()->rowCount(), 3);
}

void TestBackoffLabWidget::aNestedLimitIsTextOnly()
{
    BackoffLabWidget lab;
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    const QString spec = u"limit(limit(linear(10ms),5),3)"_s;
    typeSpec(lab, spec);
    // Valid, so charted; the form cannot hold it and says so instead of showing something else.
    QCOMPARE(lab.editor()->errorText(), QString());
    QVERIFY(lab.findChild<QLabel *>(u"formNote"_s)->isVisible());
    QCOMPARE(lab.strategies()->spec(0), spec);
    QCOMPARE(points(graphNamed(plotOf(lab, Chart::waits), spec)),
             (QList<QPointF>{{2, 10}, {3, 10}, {4, 10}}));
    // Back to something the form holds: the note goes.
    typeSpec(lab, u"linear(10ms)"_s);
    QVERIFY(!lab.findChild<QLabel *>(u"formNote"_s)->isVisible());
    QCOMPARE(lab.findChild<QComboBox *>(u"kind"_s)->currentText(), u"linear"_s);
}

void TestBackoffLabWidget::notifyWaitsAreBoundsOfItsStrategy()
{
    BackoffLabWidget lab;
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    const QString spec = u"notify(linear(10ms))"_s;
    typeSpec(lab, spec);
    QCOMPARE(lab.editor()->errorText(), QString());
    QCOMPARE(lab.strategies()->spec(0), spec);
    // Charted with its strategy's waits, which bound each wait for the release...
    QCOMPARE(points(graphNamed(plotOf(lab, Chart::waits), spec)).mid(0, 3),
             (QList<QPointF>{{2, 10}, {3, 10}, {4, 10}}));
    // ...and the summary says that they are bounds.
    auto *summary = lab.findChild<QLabel *>(u"summary"_s);
    QVERIFY2(summary->text().startsWith(u"Each wait lasts until the key is released, at most as "
                                        u"long as shown"_s),
             qPrintable(summary->text()));
    // The same strategy without notify() waits exactly that long: no such sentence.
    typeSpec(lab, u"linear(10ms)"_s);
    QVERIFY2(!summary->text().contains(u"released"_s), qPrintable(summary->text()));
}

void TestBackoffLabWidget::removingEveryStrategy()
{
    BackoffLabWidget lab;
    QAbstractItemModelTester listTester(lab.strategies());
    QAbstractItemModelTester tableTester(lab.scheduleModel());
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    auto *remove = lab.findChild<QToolButton *>(u"removeStrategy"_s);
    while (lab.strategies()->rowCount() > 0)
        QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(lab.currentRow(), -1);
    QVERIFY(!remove->isEnabled());
    QVERIFY(!lab.editor()->isEnabled());
    QCOMPARE(plotOf(lab, Chart::waits)->graphCount(), 0);
    QCOMPARE(lab.scheduleModel()->rowCount(), 0);
    QCOMPARE(lab.summary(), u"Add a strategy to see its schedule."_s);
    // Add starts again from the Go library's exponential.
    QTest::mouseClick(lab.findChild<QToolButton *>(u"addStrategy"_s), Qt::LeftButton);
    QCOMPARE(lab.strategies()->rowCount(), 1);
    QCOMPARE(lab.currentRow(), 0);
    QVERIFY(lab.editor()->isEnabled());
    QCOMPARE(lab.editor()->specText(), u"exponential(16ms,1s)"_s);
    QCOMPARE(plotOf(lab, Chart::waits)->graphCount(), 1);
}

void TestBackoffLabWidget::textFillsTheForm_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("inner"); // empty: the row is hidden
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addColumn<int>("retries");  // -1: hidden
    QTest::addColumn<QString>("seed"); // empty: unticked or hidden

    QTest::newRow("none") << u"none"_s << u"none"_s << QString() << QString() << QString() << -1
                          << QString();
    QTest::newRow("linear") << u"linear(250ms)"_s << u"linear"_s << QString() << u"250ms"_s
                            << QString() << -1 << QString();
    QTest::newRow("exponential, in other units")
        << u"exponential(0.5s, 2000ms)"_s << u"exponential"_s << QString() << u"500ms"_s << u"2s"_s
        << -1 << QString();
    QTest::newRow("limit of exponential")
        << u"limit(exponential(16ms,1s),5)"_s << u"limit"_s << u"exponential"_s << u"16ms"_s
        << u"1s"_s << 5 << QString();
    QTest::newRow("Cosy's test") << u"limit(linear(100ms),10)"_s << u"limit"_s << u"linear"_s
                                 << u"100ms"_s << QString() << 10 << QString();
    QTest::newRow("seeded fulljitter") << u"fulljitter(16ms,1s,42)"_s << u"fulljitter"_s
                                       << QString() << u"16ms"_s << u"1s"_s << -1 << u"42"_s;
    QTest::newRow("equaljitter without a seed")
        << u"equaljitter(10ms,300ms)"_s << u"equaljitter"_s << QString() << u"10ms"_s << u"300ms"_s
        << -1 << QString();
    QTest::newRow("limit of decorrelated")
        << u"limit(decorrelated(5ms,1m,3),8)"_s << u"limit"_s << u"decorrelated"_s << u"5ms"_s
        << u"1m"_s << 8 << u"3"_s;
}

void TestBackoffLabWidget::textFillsTheForm()
{
    QFETCH(QString, spec);
    QFETCH(QString, kind);
    QFETCH(QString, inner);
    QFETCH(QString, first);
    QFETCH(QString, second);
    QFETCH(int, retries);
    QFETCH(QString, seed);

    BackoffLabWidget lab;
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    typeSpec(lab, spec);
    QCOMPARE(lab.editor()->errorText(), QString());
    QCOMPARE(lab.strategies()->spec(lab.currentRow()), spec);

    QCOMPARE(lab.findChild<QComboBox *>(u"kind"_s)->currentText(), kind);
    auto *innerBox = lab.findChild<QComboBox *>(u"inner"_s);
    QCOMPARE(innerBox->isVisible(), !inner.isEmpty());
    if (!inner.isEmpty())
        QCOMPARE(innerBox->currentText(), inner);
    auto *firstEdit = lab.findChild<QLineEdit *>(u"first"_s);
    QCOMPARE(firstEdit->isVisible(), !first.isEmpty());
    if (!first.isEmpty())
        QCOMPARE(firstEdit->text(), first);
    auto *secondEdit = lab.findChild<QLineEdit *>(u"second"_s);
    QCOMPARE(secondEdit->isVisible(), !second.isEmpty());
    if (!second.isEmpty())
        QCOMPARE(secondEdit->text(), second);
    auto *retriesBox = lab.findChild<QSpinBox *>(u"maxRetries"_s);
    QCOMPARE(retriesBox->isVisible(), retries >= 0);
    if (retries >= 0)
        QCOMPARE(retriesBox->value(), retries);
    auto *seeded = lab.findChild<QCheckBox *>(u"seeded"_s);
    if (seeded->isVisible()) {
        QCOMPARE(seeded->isChecked(), !seed.isEmpty());
        if (!seed.isEmpty())
            QCOMPARE(lab.findChild<QLineEdit *>(u"seed"_s)->text(), seed);
    } else {
        QVERIFY(seed.isEmpty());
    }
}

void TestBackoffLabWidget::formWritesTheText_data()
{
    // Each step: "kind=…", "inner=…", "first=…", "second=…", "retries=N", "seeded=0|1",
    // "seed=N", applied through the widgets in order, starting from exponential(16ms,1s).
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QString>("spec");

    QTest::newRow("linear") << QStringList{u"kind=linear"_s, u"first=100ms"_s}
                            << u"linear(100ms)"_s;
    QTest::newRow("exponential's max")
        << QStringList{u"second=250ms"_s} << u"exponential(16ms,250ms)"_s;
    QTest::newRow("none") << QStringList{u"kind=none"_s} << u"none"_s;
    QTest::newRow("Cosy's test") << QStringList{u"kind=limit"_s, u"inner=linear"_s,
                                                u"first=100ms"_s, u"retries=10"_s}
                                 << u"limit(linear(100ms),10)"_s;
    QTest::newRow("limit keeps the durations")
        << QStringList{u"kind=limit"_s, u"retries=3"_s} << u"limit(exponential(16ms,1s),3)"_s;
    QTest::newRow("fulljitter, seed 1 by default")
        << QStringList{u"kind=fulljitter"_s} << u"fulljitter(16ms,1s,1)"_s;
    QTest::newRow("equaljitter, seed 99")
        << QStringList{u"kind=equaljitter"_s, u"seed=99"_s} << u"equaljitter(16ms,1s,99)"_s;
    QTest::newRow("decorrelated, unseeded")
        << QStringList{u"kind=decorrelated"_s, u"first=1.5s"_s, u"second=1m"_s, u"seeded=0"_s}
        << u"decorrelated(1500ms,1m)"_s;
}

void TestBackoffLabWidget::formWritesTheText()
{
    QFETCH(QStringList, steps);
    QFETCH(QString, spec);

    BackoffLabWidget lab;
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    QCOMPARE(lab.editor()->specText(), u"exponential(16ms,1s)"_s);
    for (const QString &step : steps) {
        const QString name = step.section(QLatin1Char('='), 0, 0);
        const QString value = step.section(QLatin1Char('='), 1);
        if (name == u"kind"_s || name == u"inner"_s) {
            auto *box = lab.findChild<QComboBox *>(name);
            box->setCurrentIndex(box->findText(value));
        } else if (name == u"first"_s || name == u"second"_s || name == u"seed"_s) {
            typeInto(lab.findChild<QLineEdit *>(name), value);
        } else if (name == u"retries"_s) {
            auto *box = lab.findChild<QSpinBox *>(u"maxRetries"_s);
            box->setValue(value.toInt());
        } else if (name == u"seeded"_s) {
            auto *box = lab.findChild<QCheckBox *>(u"seeded"_s);
            if (box->isChecked() != (value == u"1"_s))
                QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(4, box->height() / 2));
        }
    }
    QCOMPARE(lab.editor()->errorText(), QString());
    QCOMPARE(lab.editor()->specText(), spec);
    QCOMPARE(lab.strategies()->spec(lab.currentRow()), spec);
    QVERIFY(graphNamed(plotOf(lab, Chart::cumulative), spec));

    // A bad duration in the form: the error, and the text and chart keep the last good spec.
    typeInto(lab.findChild<QLineEdit *>(u"first"_s), u"12 parsecs"_s);
    if (lab.findChild<QLineEdit *>(u"first"_s)->isVisible()) {
        QVERIFY(!lab.editor()->errorText().isEmpty());
        QCOMPARE(lab.editor()->specText(), spec);
        QCOMPARE(lab.strategies()->spec(lab.currentRow()), spec);
    }
}

void TestBackoffLabWidget::seededJitterIsReproducible()
{
    BackoffLabWidget lab;
    lab.applyPreset(BackoffLabWidget::Preset::awsComparison);
    QCOMPARE(lab.strategies()->rowCount(), 4);
    const QString spec = u"fulljitter(16ms,1s,1)"_s;
    // Every wait the strategy drew: the graph's (made) and the tail's (past the deadline; its
    // first point repeats the graph's last).
    const auto allWaits = [&lab, &spec] {
        QList<QPointF> waits = points(graphNamed(plotOf(lab, Chart::waits), spec));
        if (QCPCurve *tail = curveOf(plotOf(lab, Chart::waits), spec, u"pastDeadline"_s))
            waits += points(tail).mid(waits.isEmpty() ? 0 : 1);
        return waits;
    };
    const QList<QPointF> first = allWaits();
    QCOMPARE(first.size(), 19);
    for (const QPointF &point : first)
        QVERIFY(point.y() > 0 && point.y() <= 1000);
    // Redrawn (another ttl, then back): the same waits.
    lab.setTtl(6s);
    lab.setTtl(5s);
    QCOMPARE(allWaits(), first);
}

void TestBackoffLabWidget::jitterBandSpansTheSeeds()
{
    BackoffLabWidget lab;
    lab.applyPreset(BackoffLabWidget::Preset::awsComparison);
    lab.setTtl(10min); // every attempt made, so the graph holds every wait
    lab.setCurrentRow(2);
    const QString spec = u"equaljitter(16ms,1s,1)"_s;
    QCOMPARE(lab.strategies()->spec(2), spec);

    QCustomPlot *waits = plotOf(lab, Chart::waits);
    QCPCurve *band = curveOf(waits, spec, u"band"_s);
    QVERIFY(band);
    QVERIFY(!waits->legend->hasItemWithPlottable(band));
    // Out along the highs, back along the lows: two points per attempt from 2 to 20.
    const QList<QPointF> outline = points(band);
    QCOMPARE(outline.size(), 2 * 19);
    const QList<QPointF> series = points(graphNamed(waits, spec));
    QCOMPARE(series.size(), 19);
    for (qsizetype i = 0; i < series.size(); ++i) {
        const double high = outline[i].y();
        const double low = outline[outline.size() - 1 - i].y();
        QCOMPARE(outline[i].x(), series[i].x());
        // Equal jitter waits at least half the exponential ceiling, at most all of it.
        QVERIFY(low <= series[i].y() && series[i].y() <= high);
        QVERIFY(low >= std::min(16.0 * std::pow(2.0, double(i)), 1000.0) / 2 - 1e-6);
        QVERIFY(high <= 1000);
    }
    QVERIFY(curveOf(plotOf(lab, Chart::cumulative), spec, u"band"_s));
    // Only the selected strategy gets one, and only a jitter strategy.
    QVERIFY(!curveOf(waits, u"fulljitter(16ms,1s,1)"_s, u"band"_s));
    lab.setCurrentRow(0);
    QVERIFY(!curveOf(waits, u"exponential(16ms,1s)"_s, u"band"_s));
    QVERIFY(!curveOf(waits, spec, u"band"_s));

    lab.setCurrentRow(2);
    auto *toggle = lab.findChild<QCheckBox *>(u"jitterBand"_s);
    toggle->setChecked(false);
    QVERIFY(!curveOf(waits, spec, u"band"_s));
}

void TestBackoffLabWidget::logScaleToggle()
{
    BackoffLabWidget lab;
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    auto *toggle = lab.findChild<QCheckBox *>(u"logScale"_s);
    QCustomPlot *waits = plotOf(lab, Chart::waits);
    QCOMPARE(waits->yAxis->scaleType(), QCPAxis::stLinear);
    QTest::mouseClick(toggle, Qt::LeftButton, {}, QPoint(4, toggle->height() / 2));
    QCOMPARE(waits->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QVERIFY(waits->yAxis->range().lower > 0);
    QVERIFY(waits->yAxis->range().upper >= 1000);
    QCOMPARE(plotOf(lab, Chart::cumulative)->yAxis->scaleType(), QCPAxis::stLinear);
    QTest::mouseClick(toggle, Qt::LeftButton, {}, QPoint(4, toggle->height() / 2));
    QCOMPARE(waits->yAxis->scaleType(), QCPAxis::stLinear);
}

// An unseeded jitter strategy draws once when added or edited; toggling the log axis or the
// band, or showing more attempts, keeps that draw.
void TestBackoffLabWidget::aDrawIsKeptUntilTheStrategyChanges()
{
    BackoffLabWidget lab;
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    lab.setTtl(10min); // every attempt made, so the graph holds every wait
    const QString spec = u"fulljitter(16ms,1s)"_s;
    QVERIFY(lab.addStrategy(spec) >= 0);
    QCustomPlot *waits = plotOf(lab, Chart::waits);
    const auto drawn = [&] {
        return points(graphNamed(waits, spec));
    };
    const QList<QPointF> first = drawn();
    QCOMPARE(first.size(), 15);

    auto *logScale = lab.findChild<QCheckBox *>(u"logScale"_s);
    auto *band = lab.findChild<QCheckBox *>(u"jitterBand"_s);
    for (QCheckBox *box : {logScale, band, logScale, band}) {
        QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(4, box->height() / 2));
        if (!logScale->isChecked()) // on a log axis a wait of 0 is drawn at the floor
            QCOMPARE(drawn(), first);
    }
    QVERIFY(!logScale->isChecked());
    QCOMPARE(drawn(), first);
    lab.setAttempts(30);
    QCOMPARE(drawn().first(first.size()), first);
    // The table shows the same draw as the chart.
    QCOMPARE(ms(lab.scheduleModel()->schedule().waits.front()), first.front().y());

    // Edited (here: to the same text), it is a new strategy and a new draw.
    typeSpec(lab, spec);
    QCOMPARE(lab.strategies()->spec(lab.currentRow()), spec);
    QVERIFY(drawn().first(first.size()) != first);
}

// Full jitter draws waits from 0; a log axis has no 0. The band and the series are drawn
// whole, their zeros on the axis floor, not left out (which showed as gaps).
void TestBackoffLabWidget::logAxisBandHasNoGaps()
{
    BackoffLabWidget lab;
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    lab.setTtl(10min);
    lab.setAttempts(20);
    const QString spec = u"fulljitter(1ms,1s,7)"_s;
    QVERIFY(lab.addStrategy(spec) >= 0);
    QCustomPlot *waits = plotOf(lab, Chart::waits);
    QCPCurve *band = curveOf(waits, spec, u"band"_s);
    QVERIFY(band);
    const QList<QPointF> linear = points(band);
    QCOMPARE(linear.size(), 2 * 19);

    auto *logScale = lab.findChild<QCheckBox *>(u"logScale"_s);
    QTest::mouseClick(logScale, Qt::LeftButton, {}, QPoint(4, logScale->height() / 2));
    QCOMPARE(waits->yAxis->scaleType(), QCPAxis::stLogarithmic);
    band = curveOf(waits, spec, u"band"_s);
    QVERIFY(band);
    const QCPRange range = waits->yAxis->range();
    const QList<QPointF> outline = points(band);
    QCOMPARE(outline.size(), linear.size());
    for (const QPointF &point : outline) {
        QVERIFY2(
            point.y() > 0 && range.contains(point.y()),
            qPrintable(u"%1 outside %2..%3"_s.arg(point.y()).arg(range.lower).arg(range.upper)));
    }
    for (const QPointF &point : points(graphNamed(waits, spec)))
        QVERIFY(point.y() > 0 && range.contains(point.y()));
}

// Messages appear in room kept for them: the fields below stay where the pointer is.
void TestBackoffLabWidget::errorsDoNotMoveTheForm()
{
    BackoffLabWidget lab;
    lab.resize(1200, 760);
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    auto *ttl = lab.findChild<QLineEdit *>(u"ttl"_s);
    auto *attempts = lab.findChild<QSpinBox *>(u"attempts"_s);
    auto *logScale = lab.findChild<QCheckBox *>(u"logScale"_s);
    const auto positions = [&] {
        return QList<QPoint>{ttl->mapTo(&lab, QPoint()), attempts->mapTo(&lab, QPoint()),
                             logScale->mapTo(&lab, QPoint())};
    };
    const QList<QPoint> before = positions();

    typeSpec(lab, u"exponential(16ms,"_s);
    QVERIFY(!lab.editor()->errorText().isEmpty());
    QTest::qWait(0);
    QCOMPARE(positions(), before);
    typeSpec(lab, u"limit(limit(linear(1ms),2),3)"_s);
    QVERIFY(lab.findChild<QLabel *>(u"formNote"_s)->isVisible());
    QCOMPARE(positions(), before);
    typeSpec(lab, u"linear(1ms)"_s);
    QVERIFY(lab.editor()->errorText().isEmpty());

    typeInto(ttl, u"ten seconds"_s);
    auto *error = lab.findChild<QLabel *>(u"settingsError"_s);
    QVERIFY(error->text().startsWith(u"TTL:"_s));
    QCOMPARE(positions(), before);
    QCOMPARE(logScale->mapTo(&lab, QPoint()), before.last());
}

void TestBackoffLabWidget::aSmallWindowScrollsTheForm_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("640x400") << QSize(640, 400);
    QTest::newRow("1024x640") << QSize(1024, 640);
    QTest::newRow("1600x1000") << QSize(1600, 1000);
}

// However small the window, the form's fields never lie on top of each other: the form
// scrolls.
void TestBackoffLabWidget::aSmallWindowScrollsTheForm()
{
    QFETCH(QSize, size);
    BackoffLabWidget lab;
    lab.applyPreset(BackoffLabWidget::Preset::cosyTest);
    lab.resize(size);
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    auto *scroll = lab.findChild<QScrollArea *>(u"controlsScroll"_s);
    QVERIFY(scroll);
    const QStringList overlaps = testsupport::overlappingFields(scroll->widget());
    QVERIFY2(overlaps.isEmpty(), qPrintable(overlaps.join(u'\n')));
    // What does not fit is reached by scrolling, not cut off.
    if (size.height() < 500)
        QVERIFY(scroll->verticalScrollBar()->maximum() > 0);
}

void TestBackoffLabWidget::exports()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    BackoffLabWidget lab;
    lab.resize(1200, 800);
    lab.applyPreset(BackoffLabWidget::Preset::cosyTest);
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));

    const QString png = dir.filePath(u"waits.png"_s);
    QVERIFY(lab.exportChart(Chart::waits, png));
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 320);
    const QString pdf = dir.filePath(u"starts.pdf"_s);
    QVERIFY(lab.exportChart(Chart::cumulative, pdf));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.read(5) == "%PDF-");

    const QString csv = dir.filePath(u"schedule.csv"_s);
    QVERIFY(lab.exportScheduleCsv(csv));
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csvFile.readAll().split('\n');
    QCOMPARE(lines.size(), 13); // header, 11 attempts, the empty piece after the last newline
    QCOMPARE(lines[0], "strategy,attempt,wait_ms,starts_at_ms,before_deadline");
    QCOMPARE(lines[1], "\"limit(linear(100ms),10)\",1,,0,true");
    QCOMPARE(lines[2], "\"limit(linear(100ms),10)\",2,100,100,false");
    QCOMPARE(lines[11], "\"limit(linear(100ms),10)\",11,100,1000,false");
    QVERIFY(lab.findChild<QLabel *>(u"exportStatus"_s)->text().contains(u"schedule.csv"_s));

    QVERIFY(!lab.exportScheduleCsv(dir.filePath(u"no/such/folder/x.csv"_s)));
    QVERIFY(lab.findChild<QLabel *>(u"exportStatus"_s)->text().startsWith(u"Could not save"_s));

    // To look at what an export gives: LOCKSCOPE_SCREENSHOTS names a folder to keep them in.
    if (qEnvironmentVariableIsSet("LOCKSCOPE_SCREENSHOTS")) {
        const QDir keep(qEnvironmentVariable("LOCKSCOPE_SCREENSHOTS"));
        QVERIFY(lab.exportChart(Chart::cumulative, keep.filePath(u"export-starts.png"_s)));
        QVERIFY(lab.exportChart(Chart::waits, keep.filePath(u"export-waits.pdf"_s)));
    }
}

void TestBackoffLabWidget::chartsFollowAPaletteChange()
{
    BackoffLabWidget lab;
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    QCustomPlot *waits = plotOf(lab, Chart::waits);
    QVERIFY(waits->axisRect()->backgroundBrush().color().lightness() >= 128);
    lab.setPalette(darkPalette());
    QCOMPARE(waits->axisRect()->backgroundBrush().color(), darkPalette().color(QPalette::Base));
    QCOMPARE(waits->xAxis->tickLabelColor(), darkPalette().color(QPalette::Text));
    QCOMPARE(plotOf(lab, Chart::cumulative)->legend->textColor(),
             darkPalette().color(QPalette::Text));
    // The series are drawn again, not lost.
    QCOMPARE(waits->graphCount(), lab.strategies()->rowCount());
}

void TestBackoffLabWidget::screenshots_data()
{
    QTest::addColumn<bool>("dark");
    QTest::addColumn<int>("preset");
    QTest::addColumn<bool>("logScale");
    const int cosy = int(BackoffLabWidget::Preset::cosyTest);
    const int aws = int(BackoffLabWidget::Preset::awsComparison);
    const int go = int(BackoffLabWidget::Preset::goExponential);
    QTest::newRow("light, Cosy's test") << false << cosy << false;
    QTest::newRow("dark, Cosy's test") << true << cosy << false;
    QTest::newRow("light, AWS comparison") << false << aws << false;
    QTest::newRow("dark, AWS comparison") << true << aws << false;
    QTest::newRow("light, Go library, log scale") << false << go << true;
}

void TestBackoffLabWidget::screenshots()
{
    QFETCH(bool, dark);
    QFETCH(int, preset);
    QFETCH(bool, logScale);

    // Into LOCKSCOPE_SCREENSHOTS when set (to look at them), else a temporary folder.
    QTemporaryDir temporary;
    const QString folder = qEnvironmentVariableIsSet("LOCKSCOPE_SCREENSHOTS")
                               ? qEnvironmentVariable("LOCKSCOPE_SCREENSHOTS")
                               : temporary.path();
    const QPalette previous = QApplication::palette();
    if (dark)
        QApplication::setPalette(darkPalette());
    {
        BackoffLabWidget lab;
        lab.resize(1360, 860);
        lab.applyPreset(static_cast<BackoffLabWidget::Preset>(preset));
        lab.setCurrentRow(lab.strategies()->rowCount() > 1 ? 1 : 0);
        if (logScale) {
            lab.setAttempts(30);
            lab.findChild<QCheckBox *>(u"logScale"_s)->setChecked(true);
        }
        lab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&lab));
        // The charts use the palette's colours: dark plots on a dark palette.
        const QColor plotBase = plotOf(lab, Chart::waits)->axisRect()->backgroundBrush().color();
        QCOMPARE(plotBase.lightness() < 128, dark);
        const QImage image = lab.grab().toImage();
        QVERIFY(!image.isNull());
        const QString name = u"backofflab-%1-%2%3.png"_s.arg(dark ? u"dark"_s : u"light"_s)
                                 .arg(preset)
                                 .arg(logScale ? u"-log"_s : QString());
        QVERIFY(image.save(QDir(folder).filePath(name)));
    }
    QApplication::setPalette(previous);
}

QTEST_MAIN(TestBackoffLabWidget)
#include "tst_backofflabwidget.moc"
