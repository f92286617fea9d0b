#include "locks/historytimelinewidget.h"

#include "common/bytetext.h"
#include "locks/historytext.h"
#include "locks/lockhistoryfeed.h"
#include "locks/locktext.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QMetaMethod>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <array>

namespace {

using namespace std::chrono;
using redislock::HistoryTime;
using redislock::LockEventKind;

constexpr int ttlLaneHeight = 70;
constexpr int rowGap = 3;
// The shortest axis: a lock seen a moment ago still gets room for its first seconds.
constexpr std::chrono::seconds minimumAxis{10};
const QColor anomalyColor(0xe8, 0x59, 0x0c);
const QColor deletedColor(0xd0, 0x21, 0x2a);
const QColor expiredColor(0xb0, 0x7d, 0x0a);

double msBetween(steady_clock::time_point from, steady_clock::time_point to)
{
    return duration<double, std::milli>(to - from).count();
}

// A colour per holder, the same wherever the holder shows up.
QColor holderColor(const std::string &token)
{
    const auto hash = qHash(QByteArrayView(token.data(), qsizetype(token.size())));
    return QColor::fromHsv(int(hash % 360), 120, 215);
}

QString keyText(const QByteArray &key)
{
    return displayBytes(key);
}

QString tenureToolTip(const QByteArray &key, const redislock::Tenure &tenure, bool showKey)
{
    QStringList lines;
    if (showKey)
        lines.append(keyText(key));
    lines.append(
        HistoryTimelineWidget::tr("Holder: %1").arg(HistoryText::holder(tenure.token, 60)));
    lines.append(
        tenure.startSeen
            ? HistoryTimelineWidget::tr("Obtained %1").arg(HistoryText::clock(tenure.start))
            : HistoryTimelineWidget::tr("First seen %1 (already held)")
                  .arg(HistoryText::clock(tenure.start)));
    if (tenure.end)
        lines.append(HistoryTimelineWidget::tr("%1 %2").arg(HistoryText::eventName(tenure.endKind),
                                                            HistoryText::clock(*tenure.end)));
    else
        lines.append(HistoryTimelineWidget::tr("Still held"));
    const steady_clock::time_point end = tenure.end ? tenure.end->steady : steady_clock::now();
    QString figures = HistoryTimelineWidget::tr("Held %1").arg(
        LockText::ttl(qint64(msBetween(tenure.start.steady, end))));
    figures += HistoryTimelineWidget::tr(", %n refresh(es)", nullptr, int(tenure.refreshes.size()));
    if (tenure.leaseMs > 0)
        figures += HistoryTimelineWidget::tr(", lease %1").arg(LockText::ttl(tenure.leaseMs));
    lines.append(figures);
    return lines.join(u'\n');
}

void drawEndMark(QPainter &painter, LockEventKind kind, const QRectF &bar, const QColor &text)
{
    const double x = bar.right();
    switch (kind) {
    case LockEventKind::released:
        painter.setPen(QPen(text, 2));
        painter.drawLine(QPointF(x, bar.top()), QPointF(x, bar.bottom()));
        break;
    case LockEventKind::expired:
        painter.setPen(QPen(expiredColor, 2, Qt::DotLine));
        painter.drawLine(QPointF(x, bar.top()), QPointF(x, bar.bottom()));
        break;
    case LockEventKind::deleted: {
        const double r = std::min(bar.height() / 2.0 - 1, 5.0);
        const QPointF c(x, bar.center().y());
        painter.setPen(QPen(deletedColor, 2));
        painter.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
        painter.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
        break;
    }
    case LockEventKind::evicted:
        painter.setPen(QPen(Qt::gray, 2));
        painter.drawLine(QPointF(x, bar.top()), QPointF(x, bar.bottom()));
        break;
    case LockEventKind::handedOver: {
        const double h = bar.height() / 2.0;
        QPainterPath arrow;
        arrow.moveTo(x - h * 0.8, bar.center().y() - h * 0.7);
        arrow.lineTo(x, bar.center().y());
        arrow.lineTo(x - h * 0.8, bar.center().y() + h * 0.7);
        painter.setPen(QPen(text, 1.6));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(arrow);
        break;
    }
    case LockEventKind::seen:
    case LockEventKind::obtained:
    case LockEventKind::refreshed:
        break;
    }
}

// A round step for the axis ticks: at least minMs between two.
qint64 tickStep(double minMs)
{
    static constexpr std::array<qint64, 14> steps{1000,   2000,    5000,    10000,  15000,
                                                  30000,  60000,   120000,  300000, 600000,
                                                  900000, 1800000, 3600000, 7200000};
    for (const qint64 step : steps)
        if (double(step) >= minMs)
            return step;
    return steps.back();
}

} // namespace

struct HistoryTimelineWidget::Layout
{
    QRectF plot;    // the time axis' extent, over the rows
    QRectF ttlLane; // empty without one
    double top = 0;
    double axisY = 0;
    HistoryTime start;
    HistoryTime now;
    QList<Item> bars;
    QList<Item> marks;

    [[nodiscard]] double x(steady_clock::time_point at) const
    {
        const double spanMs = msBetween(start.steady, now.steady);
        return plot.left() + plot.width() * msBetween(start.steady, at) / std::max(spanMs, 1.0);
    }
};

HistoryTimelineWidget::HistoryTimelineWidget(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_repaint.setInterval(1000);
    connect(&m_repaint, &QTimer::timeout, this, qOverload<>(&QWidget::update));
}

HistoryTimelineWidget::~HistoryTimelineWidget() = default;

void HistoryTimelineWidget::setFeed(const LockHistoryFeed *feed)
{
    m_feed = feed;
    update();
}

void HistoryTimelineWidget::setKeys(const QList<QByteArray> &keys)
{
    if (keys == m_keys)
        return;
    const bool resize = keys.size() != m_keys.size();
    m_keys = keys;
    if (resize)
        updateGeometry();
    update();
}

void HistoryTimelineWidget::setTtlLane(bool shown)
{
    m_ttlLane = shown;
    updateGeometry();
    update();
}

void HistoryTimelineWidget::setKeyLabels(bool shown)
{
    m_keyLabels = shown;
    update();
}

void HistoryTimelineWidget::setSpan(std::chrono::milliseconds span)
{
    m_span = std::max(span, std::chrono::milliseconds(1000));
    update();
}

void HistoryTimelineWidget::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    update();
}

int HistoryTimelineWidget::rowHeight() const
{
    return fontMetrics().height() + 10;
}

int HistoryTimelineWidget::labelWidth() const
{
    if (!m_keyLabels)
        return 0;
    return std::clamp(width() * 28 / 100, 80, 260);
}

int HistoryTimelineWidget::rowsTop() const
{
    // Many rows scroll: their axis is on top, in sight; one lock's is under its TTL lane.
    return m_keyLabels ? fontMetrics().height() + 10 : 4;
}

int HistoryTimelineWidget::contentHeight() const
{
    const int rows = int(std::max<qsizetype>(m_keys.size(), 1));
    return rowsTop() + int(rows) * (rowHeight() + rowGap) + (m_ttlLane ? ttlLaneHeight + 6 : 0) +
           (m_keyLabels ? 4 : fontMetrics().height() + 10);
}

redislock::HistoryTime HistoryTimelineWidget::axisStart(const redislock::HistoryTime &now) const
{
    // The span at most, but no further back than the app has watched these keys: a history of
    // a minute is spread over the width rather than squeezed against "now".
    steady_clock::time_point earliest = now.steady;
    for (const QByteArray &key : m_keys) {
        const redislock::KeyHistory *history = m_feed ? m_feed->find(key) : nullptr;
        if (history && !history->tenures.empty())
            earliest = std::min(earliest, history->tenures.front().start.steady);
        if (history && !history->events.empty())
            earliest = std::min(earliest, history->events.front().at.steady);
    }
    const auto watched = now.steady - earliest;
    auto shown = std::max<steady_clock::duration>(watched + watched / 20, minimumAxis);
    shown = std::min<steady_clock::duration>(shown, m_span);
    return {now.steady - shown, now.wall - duration_cast<system_clock::duration>(shown)};
}

QSize HistoryTimelineWidget::sizeHint() const
{
    return {260, contentHeight()};
}

QSize HistoryTimelineWidget::minimumSizeHint() const
{
    return {200, contentHeight()};
}

HistoryTimelineWidget::Layout HistoryTimelineWidget::layout(const HistoryTime &now) const
{
    Layout out;
    out.now = now;
    out.start = axisStart(now);
    const int rh = rowHeight();
    const double left = labelWidth() + (m_keyLabels ? 8 : 4);
    out.top = rowsTop();
    const double rowsBottom =
        out.top + double(std::max<qsizetype>(m_keys.size(), 1)) * (rh + rowGap);
    out.plot = QRectF(left, out.top, std::max(width() - left - 8, 10.0), rowsBottom - out.top);
    if (m_ttlLane)
        out.ttlLane = QRectF(left, rowsBottom + 6, out.plot.width(), ttlLaneHeight - 4);
    out.axisY = m_keyLabels ? out.top - 2 : (m_ttlLane ? out.ttlLane.bottom() + 2 : rowsBottom);
    if (!m_feed)
        return out;

    const double barInset = 4;
    for (qsizetype row = 0; row < m_keys.size(); ++row) {
        const QByteArray &key = m_keys[row];
        const redislock::KeyHistory *history = m_feed->find(key);
        if (!history)
            continue;
        const double rowTop = out.top + double(row) * (rh + rowGap);
        const double barTop = rowTop + barInset;
        const double barHeight = rh - 2 * barInset;
        for (const redislock::Tenure &tenure : history->tenures) {
            const steady_clock::time_point end = tenure.end ? tenure.end->steady : now.steady;
            if (end < out.start.steady)
                continue;
            const double x0 = std::max(out.x(tenure.start.steady), out.plot.left());
            const double x1 = std::min(out.x(end), out.plot.right());
            Item bar;
            bar.key = key;
            bar.token = tenure.token;
            bar.open = !tenure.end;
            bar.rect = QRectF(x0, barTop, std::max(x1 - x0, 2.0), barHeight);
            bar.toolTip = tenureToolTip(key, tenure, m_keyLabels);
            for (const HistoryTime &refresh : tenure.refreshes)
                if (refresh.steady >= out.start.steady)
                    ++bar.refreshes;
            out.bars.append(bar);
        }
        for (const redislock::Anomaly &anomaly : history->anomalies) {
            if (anomaly.at.steady < out.start.steady)
                continue;
            Item mark;
            mark.key = key;
            mark.anomaly = true;
            mark.token = anomaly.token;
            const double x =
                std::clamp(out.x(anomaly.at.steady), out.plot.left(), out.plot.right());
            mark.rect = QRectF(x - 5, rowTop - 1, 10, 8);
            QStringList lines;
            if (m_keyLabels)
                lines.append(keyText(key));
            lines.append(HistoryText::anomalyName(anomaly.kind) + QStringLiteral(" · ") +
                         HistoryText::clock(anomaly.at));
            lines.append(HistoryText::anomalyDetail(anomaly));
            lines.append(HistoryText::anomalyMeaning(anomaly.kind));
            mark.toolTip = lines.join(u'\n');
            out.marks.append(mark);
        }
    }
    return out;
}

QList<HistoryTimelineWidget::Item> HistoryTimelineWidget::bars() const
{
    return m_feed ? layout(m_feed->now()).bars : QList<Item>();
}

QList<HistoryTimelineWidget::Item> HistoryTimelineWidget::anomalyMarks() const
{
    return m_feed ? layout(m_feed->now()).marks : QList<Item>();
}

QString HistoryTimelineWidget::legendHtml()
{
    const auto swatch = [](const QColor &color, const QString &glyph, const QString &text) {
        return QStringLiteral("<span style='color:%1'>%2</span>&nbsp;%3")
            .arg(color.name(), glyph, text.toHtmlEscaped());
    };
    return QStringList{
        swatch(QColor::fromHsv(200, 120, 215), QStringLiteral("█"), tr("a holder")),
        swatch(Qt::gray, QStringLiteral("╵"), tr("refresh")),
        swatch(Qt::gray, QStringLiteral("┃"), tr("released")),
        swatch(expiredColor, QStringLiteral("┆"), tr("expired")),
        swatch(deletedColor, QStringLiteral("✕"), tr("deleted by this app")),
        swatch(Qt::gray, QStringLiteral("›"), tr("handed over")),
        swatch(anomalyColor, QStringLiteral("▼"), tr("anomaly")),
    }
        .join(QStringLiteral(" &nbsp; "));
}

void HistoryTimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    QColor faint = pal.color(QPalette::Mid);
    painter.fillRect(rect(), pal.color(QPalette::Base));
    const HistoryTime now = m_feed ? m_feed->now() : HistoryTime::now();
    const Layout lay = layout(now);
    const int rh = rowHeight();

    // The time axis: ticks on round wall-clock times, faint lines across the rows.
    const double spanMs = msBetween(lay.start.steady, now.steady);
    const qint64 step = tickStep(spanMs * 90.0 / std::max(lay.plot.width(), 1.0));
    const qint64 startWall = duration_cast<milliseconds>(lay.start.wall.time_since_epoch()).count();
    const qint64 nowWall = duration_cast<milliseconds>(now.wall.time_since_epoch()).count();
    // Ticks fall on round local times (the offset keeps "10:45:00" round in any zone).
    const qint64 offset = QDateTime::currentDateTime().offsetFromUtc() * 1000LL;
    const QString format = step >= 60000 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss");
    painter.setFont(font());
    const QFontMetrics fm = fontMetrics();
    faint.setAlpha(110);
    painter.setPen(QPen(faint, 1));
    painter.drawLine(QPointF(lay.plot.left(), lay.axisY), QPointF(lay.plot.right(), lay.axisY));
    for (qint64 wall = ((startWall + offset) / step + 1) * step - offset; wall <= nowWall;
         wall += step) {
        const double x =
            lay.plot.left() + lay.plot.width() * double(wall - startWall) / std::max(spanMs, 1.0);
        painter.setPen(QPen(faint, 1));
        painter.drawLine(QPointF(x, m_keyLabels ? lay.axisY - 3 : lay.top),
                         QPointF(x, m_keyLabels ? height() : lay.axisY + 3));
        const QString label = QDateTime::fromMSecsSinceEpoch(wall).toString(format);
        const double w = fm.horizontalAdvance(label);
        const double lx = std::clamp(x - w / 2, lay.plot.left(), lay.plot.right() - w);
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(
            QPointF(lx, m_keyLabels ? lay.axisY - 5 - fm.descent() : lay.axisY + 4 + fm.ascent()),
            label);
    }

    // The key of each row, elided, left of it.
    if (m_keyLabels) {
        painter.setPen(text);
        for (qsizetype row = 0; row < m_keys.size(); ++row) {
            const QRectF cell(4, lay.top + double(row) * (rh + rowGap), labelWidth(), rh);
            painter.drawText(cell, Qt::AlignVCenter | Qt::AlignLeft,
                             fm.elidedText(keyText(m_keys[row]), Qt::ElideMiddle, labelWidth()));
        }
    }

    if (m_keys.isEmpty() || (lay.bars.isEmpty() && !m_ttlLane)) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(lay.plot, Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        if (m_keys.isEmpty())
            return;
    }

    // Holders as bars: a hatched start when the lock was found already held, refresh ticks,
    // the way each ended.
    for (const Item &bar : lay.bars) {
        const QColor fill = holderColor(bar.token);
        painter.setPen(QPen(fill.darker(140), 1));
        painter.setBrush(fill);
        painter.drawRoundedRect(bar.rect, 2, 2);
    }
    for (qsizetype row = 0; m_feed && row < m_keys.size(); ++row) {
        const redislock::KeyHistory *history = m_feed->find(m_keys[row]);
        if (!history)
            continue;
        for (const redislock::Tenure &tenure : history->tenures) {
            const steady_clock::time_point end = tenure.end ? tenure.end->steady : now.steady;
            if (end < lay.start.steady)
                continue;
            const double top = lay.top + double(row) * (rh + rowGap) + 4; // as layout()
            const QRectF bar(std::max(lay.x(tenure.start.steady), lay.plot.left()), top,
                             std::max(std::min(lay.x(end), lay.plot.right()) -
                                          std::max(lay.x(tenure.start.steady), lay.plot.left()),
                                      2.0),
                             rh - 8);
            if (!tenure.startSeen && lay.x(tenure.start.steady) >= lay.plot.left()) {
                const QRectF head(bar.left(), bar.top(), std::min(10.0, bar.width()), bar.height());
                painter.fillRect(head,
                                 QBrush(holderColor(tenure.token).darker(160), Qt::BDiagPattern));
            }
            painter.setPen(QPen(pal.color(QPalette::Base), 2));
            for (const HistoryTime &refresh : tenure.refreshes) {
                if (refresh.steady < lay.start.steady)
                    continue;
                const double x = lay.x(refresh.steady);
                painter.drawLine(QPointF(x, bar.top() + 2), QPointF(x, bar.bottom() - 2));
            }
            if (tenure.end)
                drawEndMark(painter, tenure.endKind, bar, text);
        }
    }
    // Anomalies: a mark above the bar where it was flagged.
    painter.setPen(Qt::NoPen);
    painter.setBrush(anomalyColor);
    for (const Item &mark : lay.marks) {
        QPainterPath triangle;
        triangle.moveTo(mark.rect.topLeft());
        triangle.lineTo(mark.rect.topRight());
        triangle.lineTo(mark.rect.center().x(), mark.rect.bottom());
        triangle.closeSubpath();
        painter.drawPath(triangle);
    }

    // The TTL saw-tooth of the first key: each point counts down until the next one.
    if (!m_ttlLane || !m_feed || m_keys.isEmpty())
        return;
    const redislock::KeyHistory *history = m_feed->find(m_keys.first());
    const QRectF lane = lay.ttlLane;
    painter.setPen(QPen(faint, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawLine(lane.bottomLeft(), lane.bottomRight());
    if (!history || history->ttl.empty())
        return;
    std::int64_t top = 1000;
    bool noExpiry = false;
    for (const redislock::TtlPoint &point : history->ttl) {
        top = std::max(top, point.ttlMs);
        noExpiry = noExpiry || point.ttlMs == -1;
    }
    for (const redislock::Tenure &tenure : history->tenures)
        top = std::max(top, tenure.leaseMs);
    const auto y = [&](double ttlMs) {
        return lane.bottom() - lane.height() * std::clamp(ttlMs / double(top), 0.0, 1.0);
    };
    // Where the line stops: now while held, else where the last holder left.
    steady_clock::time_point stop = now.steady;
    if (!history->current() && !history->tenures.empty() && history->tenures.back().end)
        stop = history->tenures.back().end->steady;
    QPainterPath line;
    bool started = false;
    const auto &points = history->ttl;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const steady_clock::time_point from = points[i].at.steady;
        steady_clock::time_point to = i + 1 < points.size() ? points[i + 1].at.steady : stop;
        to = std::min(to, stop);
        if (to < lay.start.steady || from > stop)
            continue;
        const double ttl0 = points[i].ttlMs < 0 ? double(top) : double(points[i].ttlMs);
        // Clip the start of the segment to the window: the countdown at the window's edge.
        const steady_clock::time_point a = std::max(from, lay.start.steady);
        const double ttlA = points[i].ttlMs < 0 ? ttl0 : ttl0 - msBetween(from, a);
        const double ttlB = points[i].ttlMs < 0 ? ttl0 : std::max(0.0, ttl0 - msBetween(from, to));
        const QPointF pa(lay.x(a), y(ttlA));
        if (!started) {
            line.moveTo(lay.x(a), lane.bottom());
            started = true;
        }
        line.lineTo(pa);
        // A countdown reaches zero before the next point when nothing refreshed it.
        if (points[i].ttlMs >= 0 && ttl0 - msBetween(from, to) < 0) {
            const steady_clock::time_point zero =
                from + duration_cast<steady_clock::duration>(duration<double, std::milli>(ttl0));
            line.lineTo(lay.x(zero), lane.bottom());
            line.lineTo(lay.x(to), lane.bottom());
        } else {
            line.lineTo(lay.x(to), y(ttlB));
        }
    }
    if (!started)
        return;
    line.lineTo(line.currentPosition().x(), lane.bottom());
    QColor fill = pal.color(QPalette::Highlight);
    fill.setAlpha(50);
    painter.setBrush(fill);
    painter.setPen(QPen(pal.color(QPalette::Highlight), 1.5));
    painter.drawPath(line);
    // The caption sits in the lane's corner, where a TTL near its top draws its line and fill:
    // on a backing of the lane's own colour it stays readable.
    const QString caption =
        noExpiry ? tr("TTL: no expiry") : tr("TTL, up to %1").arg(LockText::ttl(top));
    const QPointF at(lane.left() + 4, lane.top() + fm.ascent());
    QColor backing = pal.color(QPalette::Base);
    backing.setAlpha(210);
    painter.fillRect(QRectF(at.x() - 2, lane.top(), fm.horizontalAdvance(caption) + 4, fm.height()),
                     backing);
    painter.setPen(pal.color(QPalette::PlaceholderText));
    painter.drawText(at, caption);
}

QByteArray HistoryTimelineWidget::keyAt(const QPoint &pos) const
{
    const int rh = rowHeight() + rowGap;
    const int row = (pos.y() - rowsTop()) / rh;
    if (pos.y() < rowsTop() || row < 0 || row >= m_keys.size())
        return {};
    return m_keys[row];
}

bool HistoryTimelineWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_feed) {
        auto *help = static_cast<QHelpEvent *>(event);
        const Layout lay = layout(m_feed->now());
        const QPointF pos = help->pos();
        QString tip;
        for (const Item &mark : lay.marks)
            if (mark.rect.adjusted(-2, -2, 2, 2).contains(pos))
                tip = mark.toolTip;
        if (tip.isEmpty())
            for (const Item &bar : lay.bars)
                if (bar.rect.adjusted(-2, -2, 2, 2).contains(pos))
                    tip = bar.toolTip;
        if (tip.isEmpty() && m_keyLabels && pos.x() < lay.plot.left())
            tip = keyText(keyAt(help->pos()));
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}

void HistoryTimelineWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const QByteArray key = keyAt(event->position().toPoint());
        if (!key.isNull())
            Q_EMIT keyClicked(key);
    }
    QWidget::mousePressEvent(event);
}

void HistoryTimelineWidget::mouseMoveEvent(QMouseEvent *event)
{
    const bool clickable =
        isSignalConnected(QMetaMethod::fromSignal(&HistoryTimelineWidget::keyClicked)) &&
        !keyAt(event->position().toPoint()).isNull();
    setCursor(clickable ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(event);
}

void HistoryTimelineWidget::showEvent(QShowEvent *event)
{
    m_repaint.start();
    QWidget::showEvent(event);
}

void HistoryTimelineWidget::hideEvent(QHideEvent *event)
{
    m_repaint.stop();
    QWidget::hideEvent(event);
}
