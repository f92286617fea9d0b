#pragma once

#include <redislock/retryschedule.h>

#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>

class QCustomPlot;

// The Backoff lab's two charts, side by side: the wait before each attempt, and when each
// attempt starts (the cumulative wait) with the deadline as a horizontal line. Each strategy is
// one QCPGraph per chart holding the attempts the retry loop makes; the attempts past the
// deadline continue it as a faded, dashed QCPCurve, and a ringed cross marks the first attempt
// the deadline cuts off. Only the graphs are in the legend, so graphCount() is the number of
// strategies shown. The charts follow the widget's palette (light or dark).
class BackoffChartsWidget : public QWidget
{
    Q_OBJECT

public:
    struct Series
    {
        QString label;
        QColor colour;
        redislock::RetrySchedule schedule;
        bool selected = false; // drawn a little heavier
        // For a jitter strategy: the least and the most each attempt's wait and start time
        // were over many seeds, drawn as a shaded band behind the series. Empty: no band.
        QList<double> waitLow, waitHigh;   // ms, per attempt from 2
        QList<double> startLow, startHigh; // ms, per attempt from 2
    };
    enum class Chart
    {
        waits,
        cumulative,
    };

    explicit BackoffChartsWidget(QWidget *parent = nullptr);

    // Replaces every series. `deadline` is drawn on the cumulative chart.
    void setSeries(const QList<Series> &series, std::chrono::nanoseconds deadline, int attempts);
    // A logarithmic wait axis on the wait chart, to see 4 ms and 67 s waits on one chart.
    void setLogScale(bool on);
    [[nodiscard]] bool logScale() const { return logScale_; }

    [[nodiscard]] QCustomPlot *plot(Chart chart) const;
    // Writes one chart as PNG or PDF, chosen by the file's suffix; false when that failed.
    bool exportChart(Chart chart, const QString &path) const;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyPalette();
    void replot();
    void rescale();
    void fitLegends();
    // On a log wait axis: where waits and band edges of 0 are drawn, half the least positive
    // wait shown.
    [[nodiscard]] double logFloor() const;

    QCustomPlot *waits_ = nullptr;
    QCustomPlot *cumulative_ = nullptr;
    QList<Series> series_;
    std::chrono::nanoseconds deadline_{0};
    int attempts_ = 1;
    bool logScale_ = false;
};
