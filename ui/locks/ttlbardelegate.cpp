#include "locks/ttlbardelegate.h"

#include "locks/locktablemodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

TtlBarDelegate::TtlBarDelegate(QObject *parent) : QStyledItemDelegate(parent)
{}

QColor TtlBarDelegate::barColor(double fraction, bool dark)
{
    fraction = std::clamp(fraction, 0.0, 1.0);
    // Red (0°) at empty, amber (40°) at half, green (120°) at full.
    const double hue =
        fraction < 0.5 ? fraction / 0.5 * 40.0 : 40.0 + (fraction - 0.5) / 0.5 * 80.0;
    return dark ? QColor::fromHsl(int(hue), 150, 85) : QColor::fromHsl(int(hue), 170, 175);
}

QColor TtlBarDelegate::stuckColor(bool dark)
{
    return dark ? QColor::fromHsl(28, 200, 95) : QColor::fromHsl(28, 230, 170);
}

void TtlBarDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->textElideMode =
        index.column() == LockTableModel::KeyColumn ? Qt::ElideMiddle : Qt::ElideRight;
}

void TtlBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const
{
    const QVariant fadeValue = index.data(LockTableModel::FadeRole);
    const double opacity = fadeValue.isValid() ? fadeValue.toDouble() : 1.0;
    if (opacity >= 1.0 && index.column() != LockTableModel::TtlColumn) {
        // Most cells of most paints: nothing of the painter's to set and restore.
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    painter->save();
    painter->setOpacity(painter->opacity() * opacity);
    if (index.column() != LockTableModel::TtlColumn) {
        QStyledItemDelegate::paint(painter, option, index);
        painter->restore();
        return;
    }

    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool dark = isDark(opt.palette);
    const auto state = LockTableModel::State(index.data(LockTableModel::StateRole).toInt());
    const bool stuck = index.data(LockTableModel::StuckRole).toBool();
    const bool leaseKnown = index.data(LockTableModel::LeaseKnownRole).toBool();
    const double fraction = index.data(LockTableModel::TtlFractionRole).toDouble();
    const QRectF bar = QRectF(opt.rect).adjusted(3.5, 2.5, -3.5, -2.5);
    QColor track = opt.palette.color(QPalette::Text);
    track.setAlphaF(dark ? 0.14f : 0.08f);

    painter->setRenderHint(QPainter::Antialiasing, true);
    QPainterPath outline;
    outline.addRoundedRect(bar, 3, 3);
    painter->fillPath(outline, track);

    QFont font = opt.font;
    QColor textColor = opt.palette.color(QPalette::Text);
    if (stuck) {
        const QColor warning = stuckColor(dark);
        painter->fillPath(outline, warning);
        QColor stripe = dark ? QColor(0, 0, 0, 60) : QColor(255, 255, 255, 110);
        painter->fillPath(outline, QBrush(stripe, Qt::BDiagPattern));
        painter->setPen(QPen(warning.darker(dark ? 80 : 130), 1));
        painter->drawPath(outline);
        font.setBold(true);
    } else if (state == LockTableModel::State::noExpiry) {
        // Not a lock (no recognised format): no expiry is normal for it, nothing to warn about.
    } else if (state == LockTableModel::State::live) {
        const qreal width = bar.width() * std::clamp(fraction, 0.0, 1.0);
        if (width > 0.5) {
            painter->save();
            painter->setClipPath(outline);
            const QRectF filled(bar.left(), bar.top(), width, bar.height());
            if (leaseKnown) {
                painter->fillRect(filled, barColor(fraction, dark));
            } else {
                // Measured against the longest TTL seen, not the lease: the fraction is only an
                // upper bound, so the bar is drawn hatched rather than solid.
                QColor color = barColor(fraction, dark);
                color.setAlphaF(0.45f);
                painter->fillRect(filled, color);
                painter->fillRect(filled, QBrush(barColor(fraction, dark), Qt::BDiagPattern));
            }
            painter->restore();
        }
        if (!leaseKnown) {
            QColor edge = opt.palette.color(QPalette::Text);
            edge.setAlphaF(0.35f);
            painter->setPen(QPen(edge, 1, Qt::DotLine));
            painter->drawPath(outline);
        }
    } else {
        font.setItalic(true);
        textColor.setAlphaF(0.7f);
    }

    painter->setFont(font);
    painter->setPen(textColor);
    painter->drawText(bar, Qt::AlignCenter, text);
    painter->restore();
}
