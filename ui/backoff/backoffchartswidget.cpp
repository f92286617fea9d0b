#include "backoffchartswidget.h"

#include "durationtext.h"
#include "qcustomplotinclude.h"

#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QResizeEvent>

#include <algorithm>
#include <limits>

namespace {

double ms(std::chrono::nanoseconds duration)
{
    return std::chrono::duration<double, std::milli>(duration).count();
}

// Tags what each plottable and item is, so that tests and the palette code can tell a
// strategy's graph from its past-the-deadline tail or the deadline line.
const char *const rolePropertyName = "lockscopeRole";

QCustomPlot *makePlot(QWidget *parent, const QString &name, const QString &title,
                      const QString &yLabel)
{
    auto *plot = new QCustomPlot(parent);
    plot->setObjectName(name);
    plot->setMinimumSize(200, 180);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    plot->axisRect()->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    plot->plotLayout()->insertRow(0);
    auto *heading = new QCPTextElement(plot, title);
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    heading->setFont(headingFont);
    heading->setObjectName(QStringLiteral("title"));
    plot->plotLayout()->addElement(0, 0, heading);
    plot->xAxis->setLabel(BackoffChartsWidget::tr("attempt"));
    plot->yAxis->setLabel(yLabel);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot->xAxis->setTicker(ticker);
    ticker->setTickCount(10);
    // The legend goes under the chart, two entries a row, where it never hides a series.
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->take(plot->legend);
    plot->plotLayout()->addElement(2, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(2, 0.001);
    plot->plotLayout()->setRowSpacing(2);
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setWrap(2);
    plot->legend->setMargins(QMargins(6, 2, 6, 2));
    plot->legend->setRowSpacing(0);
    plot->legend->setColumnSpacing(12);
    return plot;
}

QColor faded(QColor colour, int alpha)
{
    colour.setAlpha(alpha);
    return colour;
}

// The band of a jitter strategy: one closed, filled curve around the area between the lows
// and the highs (a QCPCurve, so that graphCount() stays one per strategy).
// `floor`: the least value drawn; a log axis has no 0, and a band edge at 0 would leave a gap,
// so on one the band's low edge runs along the bottom of the chart instead.
void addBand(QCustomPlot *plot, const BackoffChartsWidget::Series &series, double firstKey,
             const QList<double> &low, const QList<double> &high, double floor)
{
    if (low.isEmpty() || low.size() != high.size())
        return;
    QList<double> keys;
    QList<double> values;
    for (qsizetype i = 0; i < high.size(); ++i) {
        keys.append(firstKey + double(i));
        values.append(std::max(high[i], floor));
    }
    for (qsizetype i = low.size() - 1; i >= 0; --i) {
        keys.append(firstKey + double(i));
        values.append(std::max(low[i], floor));
    }
    auto *band = new QCPCurve(plot->xAxis, plot->yAxis);
    band->setName(series.label);
    band->setProperty(rolePropertyName, QStringLiteral("band"));
    band->removeFromLegend();
    band->setPen(Qt::NoPen);
    band->setBrush(faded(series.colour, 48));
    band->setData(keys, values);
    band->setLayer(QStringLiteral("grid"));
}

// One strategy on one chart: the attempts made as a graph, the rest as a faded dashed curve
// that starts at the last attempt made so the line reads as one, and the cut-off mark.
void addSeries(QCustomPlot *plot, const BackoffChartsWidget::Series &series,
               const QList<double> &keys, const QList<double> &values, int madeCount)
{
    const double width = series.selected ? 2.6 : 1.8;
    QCPGraph *graph = plot->addGraph();
    graph->setName(series.label);
    graph->setProperty(rolePropertyName, QStringLiteral("series"));
    graph->setPen(QPen(series.colour, width));
    graph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDisc, series.colour, series.colour, 6));
    graph->setData(keys.first(madeCount), values.first(madeCount), true);

    if (madeCount >= keys.size())
        return;
    const qsizetype from = std::max(0, madeCount - 1);
    auto *tail = new QCPCurve(plot->xAxis, plot->yAxis);
    tail->setName(series.label);
    tail->setProperty(rolePropertyName, QStringLiteral("pastDeadline"));
    tail->removeFromLegend();
    // Faded, but not so far that it vanishes: a dark plot needs more of the colour to show.
    const bool darkPlot = plot->axisRect()->backgroundBrush().color().lightness() < 128;
    const int alpha = darkPlot ? 160 : 110;
    QPen dashed(faded(series.colour, alpha), width * 0.75, Qt::DashLine);
    tail->setPen(dashed);
    tail->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle,
                                          faded(series.colour, alpha + 20), Qt::transparent, 6));
    tail->setData(keys.mid(from), values.mid(from));
    tail->setScatterSkip(0);

    auto *cut = new QCPCurve(plot->xAxis, plot->yAxis);
    cut->setName(series.label);
    cut->setProperty(rolePropertyName, QStringLiteral("cutOff"));
    cut->removeFromLegend();
    cut->setLineStyle(QCPCurve::lsNone);
    cut->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCrossCircle, QPen(series.colour, 1.8), Qt::NoBrush, 13));
    cut->setData(QList<double>{keys.at(madeCount)}, QList<double>{values.at(madeCount)});
}

} // namespace

BackoffChartsWidget::BackoffChartsWidget(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    waits_ =
        makePlot(this, QStringLiteral("waitPlot"), tr("Wait before each attempt"), tr("wait (ms)"));
    cumulative_ = makePlot(this, QStringLiteral("cumulativePlot"), tr("When each attempt starts"),
                           tr("time since the first (ms)"));
    layout->addWidget(waits_, 1);
    layout->addWidget(cumulative_, 1);
    applyPalette();
}

QCustomPlot *BackoffChartsWidget::plot(Chart chart) const
{
    return chart == Chart::waits ? waits_ : cumulative_;
}

void BackoffChartsWidget::setSeries(const QList<Series> &series, std::chrono::nanoseconds deadline,
                                    int attempts)
{
    series_ = series;
    deadline_ = deadline;
    attempts_ = std::max(1, attempts);
    replot();
}

void BackoffChartsWidget::setLogScale(bool on)
{
    if (logScale_ == on)
        return;
    logScale_ = on;
    if (on) {
        waits_->yAxis->setScaleType(QCPAxis::stLogarithmic);
        QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
        waits_->yAxis->setTicker(ticker);
        waits_->yAxis->setNumberFormat(QStringLiteral("gb"));
    } else {
        waits_->yAxis->setScaleType(QCPAxis::stLinear);
        waits_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        waits_->yAxis->setNumberFormat(QStringLiteral("gbd"));
    }
    // The band and any wait of 0 are drawn against the axis floor, which depends on the scale.
    replot();
}

double BackoffChartsWidget::logFloor() const
{
    double least = 0;
    const auto consider = [&least](double value) {
        if (value > 0)
            least = least == 0 ? value : std::min(least, value);
    };
    for (const Series &entry : series_) {
        for (const auto wait : entry.schedule.waits)
            consider(ms(wait));
        for (const double value : entry.waitLow)
            consider(value);
        for (const double value : entry.waitHigh)
            consider(value);
    }
    return least > 0 ? least / 2 : 0.1;
}

void BackoffChartsWidget::replot()
{
    for (QCustomPlot *plot : {waits_, cumulative_}) {
        plot->clearPlottables();
        plot->clearItems();
    }
    for (const Series &entry : series_) {
        const redislock::RetrySchedule &schedule = entry.schedule;
        const int made = static_cast<int>(schedule.attemptsBeforeDeadline);
        QList<double> attempt;
        QList<double> waits;
        QList<double> starts{0.0};
        for (std::size_t i = 0; i < schedule.waits.size(); ++i) {
            attempt.append(static_cast<double>(i + 2));
            waits.append(ms(schedule.waits[i]));
            starts.append(ms(schedule.startsAt[i]));
        }
        const double floor = logScale_ ? logFloor() : -std::numeric_limits<double>::infinity();
        if (logScale_)
            for (double &wait : waits)
                wait = std::max(wait, floor);
        addBand(waits_, entry, 2, entry.waitLow, entry.waitHigh, floor);
        QList<double> startLow = entry.startLow;
        QList<double> startHigh = entry.startHigh;
        if (!startLow.isEmpty()) {
            startLow.prepend(0);
            startHigh.prepend(0);
        }
        addBand(cumulative_, entry, 1, startLow, startHigh,
                -std::numeric_limits<double>::infinity());
        // The wait chart has no point for attempt 1 (nothing is waited for before it).
        if (!waits.isEmpty() || made > 1)
            addSeries(waits_, entry, attempt, waits, made - 1);
        else {
            // A strategy with no retries still gets its legend entry.
            QCPGraph *graph = waits_->addGraph();
            graph->setName(entry.label);
            graph->setProperty(rolePropertyName, QStringLiteral("series"));
            graph->setPen(QPen(entry.colour, 1.8));
        }
        attempt.prepend(1.0);
        addSeries(cumulative_, entry, attempt, starts, made);
    }

    // The deadline: a line across the cumulative chart, labelled at its right end.
    const QColor deadlineColour(0xd6, 0x45, 0x45);
    auto *line = new QCPItemStraightLine(cumulative_);
    line->setProperty(rolePropertyName, QStringLiteral("deadline"));
    line->setPen(QPen(deadlineColour, 1.6, Qt::DashDotLine));
    line->point1->setCoords(0, ms(deadline_));
    line->point2->setCoords(1, ms(deadline_));
    auto *label = new QCPItemText(cumulative_);
    label->setProperty(rolePropertyName, QStringLiteral("deadlineLabel"));
    label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    label->position->setTypeY(QCPItemPosition::ptPlotCoords);
    // Start times grow to the right, so the series cross the line somewhere along it: put the
    // label at the end away from the earliest crossing.
    std::size_t earliestCut = std::numeric_limits<std::size_t>::max();
    for (const Series &entry : series_)
        if (entry.schedule.cutByDeadline())
            earliestCut = std::min(earliestCut, entry.schedule.attemptsBeforeDeadline + 1);
    const bool rightEnd = earliestCut <= std::size_t(attempts_) / 3;
    label->position->setCoords(rightEnd ? 0.985 : 0.015, ms(deadline_));
    label->setPositionAlignment((rightEnd ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
    label->setText(tr("deadline %1").arg(displayDuration(deadline_)));
    label->setColor(deadlineColour);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    label->setPadding(QMargins(2, 2, 2, 3));

    rescale();
    fitLegends();
    waits_->replot();
    cumulative_->replot();
}

void BackoffChartsWidget::fitLegends()
{
    // As many entries a row as fit whole: two long SPECs side by side in a narrow chart cut
    // both off.
    for (QCustomPlot *plot : {waits_, cumulative_}) {
        QCPLegend *legend = plot->legend;
        int widest = 0;
        for (int i = 0; i < legend->itemCount(); ++i)
            widest = std::max(widest, legend->item(i)->minimumOuterSizeHint().width());
        const int room = plot->width() - legend->margins().left() - legend->margins().right();
        const int columns =
            widest > 0 ? (room + legend->columnSpacing()) / (widest + legend->columnSpacing()) : 2;
        const int wrap = std::clamp(columns, 1, 2);
        if (legend->wrap() != wrap) {
            legend->setWrap(wrap);
            legend->setFillOrder(legend->fillOrder(), true); // re-flows the entries
        }
    }
}

void BackoffChartsWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitLegends();
    waits_->replot(QCustomPlot::rpQueuedReplot);
    cumulative_->replot(QCustomPlot::rpQueuedReplot);
}

void BackoffChartsWidget::rescale()
{
    const double left = 0.5;
    const double right = attempts_ + 0.5;
    waits_->xAxis->setRange(left, std::max(right, 2.5));
    cumulative_->xAxis->setRange(left, std::max(right, 2.5));

    double maxWait = 0;
    double maxStart = 0;
    double maxStartMade = 0;
    for (const Series &entry : series_) {
        for (const auto wait : entry.schedule.waits)
            maxWait = std::max(maxWait, ms(wait));
        for (const double high : entry.waitHigh)
            maxWait = std::max(maxWait, high);
        if (!entry.schedule.startsAt.empty())
            maxStart = std::max(maxStart, ms(entry.schedule.startsAt.back()));
        const std::size_t made = entry.schedule.attemptsBeforeDeadline;
        if (made >= 2)
            maxStartMade = std::max(maxStartMade, ms(entry.schedule.startsAt[made - 2]));
    }
    if (logScale_) {
        // The floor is what zero waits are drawn at: keep it just inside the chart.
        const double low = logFloor() / 1.2;
        waits_->yAxis->setRange(low, std::max(low * 10, maxWait * 2));
    } else {
        const double top = maxWait > 0 ? maxWait * 1.1 : 1;
        waits_->yAxis->setRange(-top * 0.025, top);
    }
    // Keep the deadline in view with room above it; a tail that runs far past it is clipped
    // at ten deadlines (drag or zoom to follow it), or the deadline would flatten to the axis.
    const double deadline = ms(deadline_);
    double top = std::max({deadline * 1.25, maxStartMade * 1.1, 1.0});
    top = std::max(top, std::min(maxStart, deadline * 10) * 1.08);
    // A little room below 0, so the first attempt's marker is not cut in half by the axis.
    cumulative_->yAxis->setRange(-top * 0.025, top);
}

void BackoffChartsWidget::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyPalette();
        replot(); // the tails' fading depends on how dark the plot is
    }
}

void BackoffChartsWidget::applyPalette()
{
    const QPalette colours = palette();
    const QColor text = colours.color(QPalette::Text);
    const QColor base = colours.color(QPalette::Base);
    QColor grid = text;
    grid.setAlpha(40);
    QColor subGrid = text;
    subGrid.setAlpha(18);
    for (QCustomPlot *plot : {waits_, cumulative_}) {
        plot->setBackground(colours.brush(QPalette::Window));
        plot->axisRect()->setBackground(base);
        for (QCPAxis *axis : {plot->xAxis, plot->yAxis}) {
            axis->setBasePen(QPen(text, 1));
            axis->setTickPen(QPen(text, 1));
            axis->setSubTickPen(QPen(text, 1));
            axis->setTickLabelColor(text);
            axis->setLabelColor(text);
            axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
            axis->grid()->setSubGridPen(QPen(subGrid, 1, Qt::DotLine));
            axis->grid()->setZeroLinePen(Qt::NoPen);
        }
        plot->yAxis->grid()->setSubGridVisible(true);
        plot->legend->setBrush(Qt::NoBrush);
        plot->legend->setBorderPen(Qt::NoPen);
        plot->legend->setTextColor(text);
        if (auto *heading = qobject_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0)))
            heading->setTextColor(text);
    }
}

bool BackoffChartsWidget::exportChart(Chart chart, const QString &path) const
{
    QCustomPlot *target = plot(chart);
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("pdf"))
        return target->savePdf(path, 0, 0, QCP::epNoCosmetic, QStringLiteral("Lockscope"),
                               target->objectName());
    return target->savePng(path, 0, 0, 2.0);
}
