#pragma once

#include <QStyledItemDelegate>

// Paints the locks table (paint only, no editing): the TTL column as a bar of the remaining
// fraction of the lease, coloured green → amber → red, with the time left written inside;
// locks with no expiry as a striped "∞ no expiry" warning (other keys without expiry plainly).
// While the lease is not known (LockTableModel::LeaseKnownRole), the bar is hatched inside a
// dotted outline: it compares with the longest TTL seen, so the lock may have less of its lease
// left than it shows. It reads roles only. Every cell of a row that is fading
// out (LockTableModel::FadeRole < 1) is painted with that opacity.
class TtlBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit TtlBarDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

protected:
    // Keys elide in the middle (their ends tell them apart), everything else on the right.
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

public:
    // The bar's colour for a remaining fraction (0..1), tuned for a dark or a light palette.
    [[nodiscard]] static QColor barColor(double fraction, bool dark);
    // The colour of the stuck-lock warning.
    [[nodiscard]] static QColor stuckColor(bool dark);
};
