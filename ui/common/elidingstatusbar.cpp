#include "common/elidingstatusbar.h"

#include <QHelpEvent>
#include <QLayout>
#include <QPainter>
#include <QStyle>
#include <QStyleOption>
#include <QToolTip>

#include <algorithm>

namespace {

// QStatusBar lays its widgets out in one row: the normal ones, a stretch, the permanent ones.
// The stretch (the row's one expanding spacer) is the message's room; -1 when there is none.
struct Row
{
    QLayout *layout = nullptr;
    int stretch = -1;
};

Row rowOf(QLayout *layout)
{
    if (!layout)
        return {};
    for (int i = 0; i < layout->count(); ++i) {
        QLayoutItem *item = layout->itemAt(i);
        if (const QSpacerItem *spacer = item->spacerItem();
            spacer && (spacer->sizePolicy().horizontalPolicy() & QSizePolicy::ExpandFlag))
            return {layout, i};
        if (const Row row = rowOf(item->layout()); row.layout)
            return row;
    }
    return {};
}

} // namespace

ElidingStatusBar::ElidingStatusBar(QWidget *parent) : QStatusBar(parent)
{}

QRect ElidingStatusBar::messageRect() const
{
    const Row row = rowOf(layout());
    if (!row.layout)
        return {};
    // The row puts no spacing beside its stretch: the message keeps it from either side.
    const int spacing = std::max(row.layout->spacing(), 0);
    const QRect room =
        row.layout->itemAt(row.stretch)->geometry().adjusted(spacing, 0, -spacing, 0);
    return {room.left(), 0, std::max(room.width(), 0), height()};
}

QString ElidingStatusBar::shownMessage() const
{
    QString message = currentMessage();
    message.replace(u'\n', u' '); // drawn on one line, as QStatusBar does
    return fontMetrics().elidedText(message, Qt::ElideRight, messageRect().width());
}

bool ElidingStatusBar::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && !currentMessage().isEmpty()) {
        const auto *help = static_cast<QHelpEvent *>(event);
        if (messageRect().contains(help->pos()) && shownMessage() != currentMessage()) {
            QToolTip::showText(help->globalPos(), currentMessage(), this, messageRect());
            return true;
        }
    }
    return QStatusBar::event(event);
}

void ElidingStatusBar::paintEvent(QPaintEvent *event)
{
    const Row row = rowOf(layout());
    if (currentMessage().isEmpty() || !row.layout) {
        QStatusBar::paintEvent(event);
        return;
    }
    // As QStatusBar paints with a message: the panel, a frame around each permanent widget (the
    // ones after the stretch), then the message, here elided to its room.
    QPainter painter(this);
    QStyleOption option;
    option.initFrom(this);
    style()->drawPrimitive(QStyle::PE_PanelStatusBar, &option, &painter, this);
    for (int i = row.stretch + 1; i < row.layout->count(); ++i) {
        QWidget *widget = row.layout->itemAt(i)->widget();
        if (!widget || !widget->isVisible())
            continue;
        QStyleOption frame;
        frame.rect = widget->geometry().adjusted(-2, -1, 2, 1);
        frame.palette = palette();
        frame.state = QStyle::State_None;
        style()->drawPrimitive(QStyle::PE_FrameStatusBarItem, &frame, &painter, widget);
    }
    painter.setPen(palette().windowText().color());
    painter.drawText(messageRect(), Qt::AlignLeading | Qt::AlignVCenter | Qt::TextSingleLine,
                     shownMessage());
}
