#include "actions/activitymodel.h"

#include "actions/auditlog.h"
#include "common/bytetext.h"

#include <QColor>

ActivityModel::ActivityModel(AuditLog *log, QObject *parent)
    : QAbstractTableModel(parent), maximumRows_(AuditLog::defaultKept)
{
    if (log) {
        setEntries(log->entries());
        connect(log, &AuditLog::appended, this, &ActivityModel::append);
    }
}

void ActivityModel::setEntries(const QList<ActionResult> &entries)
{
    beginResetModel();
    entries_ = entries;
    if (entries_.size() > maximumRows_)
        entries_.remove(0, entries_.size() - maximumRows_);
    endResetModel();
}

void ActivityModel::append(const ActionResult &entry)
{
    if (entries_.size() >= maximumRows_) {
        const int last = int(entries_.size()) - 1;
        beginRemoveRows({}, last, last);
        entries_.removeFirst();
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    entries_.append(entry);
    endInsertRows();
}

void ActivityModel::setMaximumRows(int rows)
{
    maximumRows_ = qMax(1, rows);
    if (entries_.size() > maximumRows_) {
        beginRemoveRows({}, maximumRows_, int(entries_.size()) - 1);
        entries_.remove(0, entries_.size() - maximumRows_);
        endRemoveRows();
    }
}

const ActionResult &ActivityModel::entry(int row) const
{
    return entries_.at(entries_.size() - 1 - row);
}

QString ActivityModel::displayAction(LockAction action)
{
    switch (action) {
    case LockAction::obtain:
        return tr("obtain");
    case LockAction::refresh:
        return tr("refresh");
    case LockAction::release:
        return tr("release");
    case LockAction::forceRelease:
        return tr("force release");
    case LockAction::deleteRegardless:
        return tr("delete regardless");
    case LockAction::setExpiry:
        return tr("set expiry");
    case LockAction::harnessRun:
        return tr("harness run");
    case LockAction::failover:
        return tr("failover");
    default:
        return actionName(action);
    }
}

QString ActivityModel::displayOutcome(ActionResult::Outcome outcome)
{
    using Outcome = ActionResult::Outcome;
    switch (outcome) {
    case Outcome::done:
        return tr("done");
    case Outcome::notObtained:
        return tr("not obtained");
    case Outcome::notHeld:
        return tr("not held");
    case Outcome::changedHands:
        return tr("changed hands");
    case Outcome::refused:
        return tr("refused");
    case Outcome::failed:
        return tr("failed");
    case Outcome::started:
        return tr("started");
    case Outcome::cancelled:
        return tr("cancelled");
    default:
        return outcomeName(outcome);
    }
}

QColor ActivityModel::outcomeColor(ActionResult::Outcome outcome)
{
    using Outcome = ActionResult::Outcome;
    switch (outcome) {
    case Outcome::done:
        return QColor(0x2e, 0x9d, 0x4f);
    case Outcome::notObtained:
    case Outcome::notHeld:
        return QColor(0xc7, 0x8a, 0x08);
    case Outcome::changedHands:
        return QColor(0xd9, 0x6c, 0x1c);
    case Outcome::refused:
    case Outcome::cancelled:
        return QColor(0x80, 0x80, 0x80);
    case Outcome::started:
        return QColor(0x3d, 0x8e, 0xd9);
    case Outcome::failed:
        return QColor(0xd0, 0x3f, 0x3a);
    }
    return {};
}

int ActivityModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(entries_.size());
}

int ActivityModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActivityModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ActionResult &e = entry(index.row());
    const auto text = [&]() -> QString {
        switch (index.column()) {
        case TimeColumn:
            return e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case ConnectionColumn:
            return e.connection;
        case ActionColumn:
            return displayAction(e.action);
        case KeyColumn:
            return displayBytes(e.key);
        case OutcomeColumn:
            return displayOutcome(e.outcome);
        case MessageColumn:
            return e.displayMessage();
        }
        return {};
    };

    switch (role) {
    case Qt::DisplayRole:
        return text();
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return e.time.toUTC().toString(Qt::ISODateWithMs);
        if (index.column() == KeyColumn && !e.value.isEmpty())
            return tr("%1\nvalue: %2").arg(text(), displayBytes(e.value));
        return text();
    case Qt::ForegroundRole:
        if (index.column() == OutcomeColumn)
            return outcomeColor(e.outcome);
        return {};
    case SortRole:
        if (index.column() == TimeColumn)
            return e.time.toMSecsSinceEpoch();
        return text();
    case OutcomeRole:
        return outcomeName(e.outcome);
    case OutcomeColorRole:
        return outcomeColor(e.outcome);
    }
    return {};
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ConnectionColumn:
        return tr("Connection");
    case ActionColumn:
        return tr("Action");
    case KeyColumn:
        return tr("Key");
    case OutcomeColumn:
        return tr("Outcome");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}
