#include "locks/auxkeysdialog.h"

#include "common/bytetext.h"
#include "locks/locktext.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {

enum Column
{
    KeyColumn,
    KindColumn,
    TtlColumn,
    NoteColumn,
    ColumnCount,
};

QString ttlText(qint64 ttlMs)
{
    if (ttlMs == -1)
        return AuxKeysDialog::tr("no expiry");
    if (ttlMs < 0)
        return AuxKeysDialog::tr("gone");
    return LockText::ttl(ttlMs);
}

} // namespace

AuxKeysDialog::AuxKeysDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Auxiliary keys"));
    auto *intro = new QLabel(
        tr("Keys that lock libraries keep beside their locks, grouped under their locks. An "
           "orphan's lock is gone: nothing will delete it (Redisson never deletes its fence "
           "tokens)."),
        this);
    intro->setWordWrap(true);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("auxSummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = summary_->font();
    bold.setBold(true);
    summary_->setFont(bold);

    tree_ = new QTreeWidget(this);
    tree_->setObjectName(QStringLiteral("auxTree"));
    tree_->setColumnCount(ColumnCount);
    tree_->setHeaderLabels({tr("Lock / auxiliary key"), tr("Kind"), tr("TTL"), tr("Note")});
    tree_->setUniformRowHeights(true);
    tree_->setRootIsDecorated(true);
    tree_->header()->setStretchLastSection(true);
    tree_->header()->setSectionResizeMode(KeyColumn, QHeaderView::Interactive);
    tree_->setTextElideMode(Qt::ElideMiddle);

    rescan_ = new QPushButton(tr("&Rescan"), this);
    rescan_->setObjectName(QStringLiteral("auxRescan"));
    connect(rescan_, &QPushButton::clicked, this, [this] {
        setScanning();
        Q_EMIT rescanRequested();
    });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(rescan_, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(summary_);
    layout->addWidget(tree_, 1);
    layout->addWidget(buttons);
    resize(fontMetrics().horizontalAdvance(u'0') * 110, fontMetrics().height() * 28);
    setScanning();
}

void AuxKeysDialog::setScanning()
{
    summary_->setText(tr("Scanning…"));
    rescan_->setEnabled(false);
}

void AuxKeysDialog::setReport(const AuxKeyReport &report)
{
    rescan_->setEnabled(true);
    tree_->clear();
    if (!report.error.isEmpty()) {
        summary_->setText(tr("The scan failed: %1").arg(report.error));
        return;
    }
    const QLocale locale;
    QString bytes = tr("%1 bytes").arg(locale.toString(report.orphanBytes));
    if (report.estimated)
        bytes = tr("about %1 (MEMORY USAGE of %2 sampled)").arg(bytes).arg(report.sampled);
    summary_->setText(report.orphans == 0
                          ? tr("%1 auxiliary keys, no orphans").arg(report.keys.size())
                          : tr("%1 auxiliary keys, %2 orphans using %3")
                                .arg(report.keys.size())
                                .arg(report.orphans)
                                .arg(bytes));

    // Grouped by lock, in key order (the report's).
    QMap<QByteArray, QTreeWidgetItem *> locks;
    for (const AuxKeyState &aux : report.keys) {
        QTreeWidgetItem *&lock = locks[aux.lockKey];
        if (!lock) {
            lock = new QTreeWidgetItem(tree_);
            lock->setText(KeyColumn, displayBytes(aux.lockKey));
            lock->setToolTip(KeyColumn, lock->text(KeyColumn));
            lock->setText(KindColumn, tr("lock"));
            lock->setText(NoteColumn,
                          aux.orphan ? tr("gone: its keys below are orphans") : tr("exists"));
            lock->setExpanded(true);
        }
        auto *item = new QTreeWidgetItem(lock);
        item->setText(KeyColumn, displayBytes(aux.key));
        item->setToolTip(KeyColumn, item->text(KeyColumn)); // whole, where the column elides it
        item->setText(KindColumn, LockText::auxKind(aux.kind));
        item->setText(TtlColumn, ttlText(aux.ttlMs));
        if (aux.orphan)
            item->setText(NoteColumn,
                          aux.memoryBytes >= 0
                              ? tr("orphan, %1 bytes").arg(locale.toString(aux.memoryBytes))
                              : tr("orphan"));
    }
    for (int column = 0; column < NoteColumn; ++column)
        tree_->resizeColumnToContents(column);
    fitKeyColumn();
}

void AuxKeysDialog::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    fitKeyColumn();
}

void AuxKeysDialog::fitKeyColumn()
{
    // From the tree's own width and the contents, never from the viewport (which changes with
    // the scroll bars, which change with the columns): room for a vertical scroll bar is left.
    const int room = tree_->width() - 2 * tree_->frameWidth() -
                     style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, tree_);
    QHeaderView *header = tree_->header();
    const QAbstractItemView *view = tree_; // QTreeView hides the widths of the contents
    const int others = header->sectionSize(KindColumn) + header->sectionSize(TtlColumn) +
                       view->sizeHintForColumn(NoteColumn);
    const int minimum = fontMetrics().averageCharWidth() * 24;
    header->resizeSection(
        KeyColumn, std::max(minimum, std::min(view->sizeHintForColumn(KeyColumn), room - others)));
}

QString AuxKeysDialog::summaryText() const
{
    return summary_->text();
}
