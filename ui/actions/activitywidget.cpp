#include "actions/activitywidget.h"

#include "actions/activitymodel.h"
#include "actions/auditlog.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

#include <array>

ActivityWidget::ActivityWidget(AuditLog *log, QWidget *parent)
    : QWidget(parent), log_(log), model_(new ActivityModel(log, this)),
      proxy_(new QSortFilterProxyModel(this)), view_(new QTableView(this)),
      outcomeFilter_(new QComboBox(this)),
      openLocation_(new QPushButton(tr("Open log file location"), this)), status_(new QLabel(this))
{
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(ActivityModel::SortRole);
    proxy_->setFilterRole(ActivityModel::OutcomeRole);

    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(ActivityModel::TimeColumn, Qt::DescendingOrder);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setWordWrap(false);
    view_->setAlternatingRowColors(true);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    const int digit = view_->fontMetrics().horizontalAdvance(u'0');
    view_->setColumnWidth(ActivityModel::TimeColumn, digit * 22);
    view_->setColumnWidth(ActivityModel::ConnectionColumn, digit * 14);
    view_->setColumnWidth(ActivityModel::ActionColumn, digit * 16);
    view_->setColumnWidth(ActivityModel::KeyColumn, digit * 24);
    view_->setColumnWidth(ActivityModel::OutcomeColumn, digit * 13);

    // The filter matches the raw outcome name in OutcomeRole, so the choices are regexes over it.
    outcomeFilter_->addItem(tr("All outcomes"), QString());
    outcomeFilter_->addItem(tr("Problems (all but done)"), QStringLiteral("^(?!done$)"));
    using Outcome = ActionResult::Outcome;
    for (const Outcome outcome :
         std::array{Outcome::done, Outcome::notObtained, Outcome::notHeld, Outcome::changedHands,
                    Outcome::refused, Outcome::failed, Outcome::started, Outcome::cancelled}) {
        outcomeFilter_->addItem(ActivityModel::displayOutcome(outcome),
                                QStringLiteral("^%1$").arg(outcomeName(outcome)));
    }
    connect(outcomeFilter_, &QComboBox::currentIndexChanged, this, &ActivityWidget::applyFilter);

    connect(openLocation_, &QPushButton::clicked, this, &ActivityWidget::openLocation);

    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (log_) {
        // appended() follows writeFailed() for the same entry, so the line shows the outcome of
        // the latest write: the error while the disk fails, the path again once it recovers.
        connect(log_, &AuditLog::appended, this, &ActivityWidget::showStatus);
    }
    showStatus();
    openLocation_->setEnabled(log_ != nullptr);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show:"), this));
    bar->addWidget(outcomeFilter_);
    bar->addStretch();
    bar->addWidget(openLocation_);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(view_, 1);
    layout->addWidget(status_);
}

void ActivityWidget::applyFilter()
{
    proxy_->setFilterRegularExpression(
        QRegularExpression(outcomeFilter_->currentData().toString()));
}

void ActivityWidget::showStatus()
{
    status_->setPalette(QPalette());
    if (!log_) {
        status_->clear();
        return;
    }
    if (!log_->errorString().isEmpty()) {
        status_->setText(log_->errorString());
        QPalette palette = status_->palette();
        palette.setColor(QPalette::WindowText,
                         ActivityModel::outcomeColor(ActionResult::Outcome::failed));
        status_->setPalette(palette);
    } else if (log_->unreadableLines() > 0) {
        status_->setText(tr("Log: %1 (unreadable lines skipped: %2)")
                             .arg(log_->path())
                             .arg(log_->unreadableLines()));
    } else {
        status_->setText(tr("Log: %1").arg(log_->path()));
    }
}

void ActivityWidget::openLocation()
{
    if (!log_)
        return;
    // Before the first entry the folder may not exist yet; a file manager cannot show that.
    const QString folder = QFileInfo(log_->path()).absolutePath();
    QDir().mkpath(folder);
    QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
}
