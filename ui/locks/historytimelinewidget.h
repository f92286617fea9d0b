#pragma once

#include <redislock/lockhistory.h>

#include <QByteArray>
#include <QList>
#include <QRectF>
#include <QTimer>
#include <QWidget>

#include <chrono>

class LockHistoryFeed;

// Locks' histories over a shared time axis, painted: one row per key with each holder's time
// as a bar (from obtained or first seen to released, expired, deleted, evicted or handed over,
// or to now while it holds), refreshes as ticks on the bar, anomalies as orange marks above it;
// optionally the TTL saw-tooth of the first key under its row. The detail pane shows one lock
// this way, the Busiest locks tab the busiest ones. The right edge is now; the widget repaints
// every second while visible. Hovering a bar or a mark tells its holder and times; a click on a row
// emits keyClicked.
class HistoryTimelineWidget : public QWidget
{
    Q_OBJECT

public:
    // What is drawn, in widget coordinates, for hit tests and tests.
    struct Item
    {
        QByteArray key;
        QRectF rect;
        QString toolTip;
        std::string token; // bars: the holder
        bool open = false; // bars: still held
        int refreshes = 0; // bars: refresh ticks drawn on it
        bool anomaly = false;
    };

    explicit HistoryTimelineWidget(QWidget *parent = nullptr);
    ~HistoryTimelineWidget() override;

    void setFeed(const LockHistoryFeed *feed);
    void setKeys(const QList<QByteArray> &keys);
    [[nodiscard]] QList<QByteArray> keys() const { return m_keys; }
    // The TTL saw-tooth of the first key under its row (the detail pane).
    void setTtlLane(bool shown);
    // The keys left of their rows (the Busiest locks tab; the detail pane names its key above).
    void setKeyLabels(bool shown);
    // How far back the axis goes from now at most (less when the keys were watched for less).
    void setSpan(std::chrono::milliseconds span);
    [[nodiscard]] std::chrono::milliseconds span() const { return m_span; }
    // What the widget says when it has nothing to draw.
    void setPlaceholderText(const QString &text);
    [[nodiscard]] QString placeholderText() const { return m_placeholder; }

    // The bars and the anomaly marks as they are drawn now.
    [[nodiscard]] QList<Item> bars() const;
    [[nodiscard]] QList<Item> anomalyMarks() const;
    // What the legend beside the widget says: the marks and their meanings, as rich text.
    [[nodiscard]] static QString legendHtml();

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

Q_SIGNALS:
    void keyClicked(const QByteArray &key);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct Layout;
    [[nodiscard]] Layout layout(const redislock::HistoryTime &now) const;
    [[nodiscard]] int rowHeight() const;
    [[nodiscard]] int labelWidth() const;
    [[nodiscard]] int contentHeight() const;
    [[nodiscard]] int rowsTop() const;
    // Where the axis begins: the span back from now, or less when less was watched.
    [[nodiscard]] redislock::HistoryTime axisStart(const redislock::HistoryTime &now) const;
    [[nodiscard]] QByteArray keyAt(const QPoint &pos) const;

    const LockHistoryFeed *m_feed = nullptr;
    QList<QByteArray> m_keys;
    bool m_ttlLane = false;
    bool m_keyLabels = false;
    std::chrono::milliseconds m_span = std::chrono::minutes(5);
    QString m_placeholder;
    QTimer m_repaint;
};
