#include "strategylistmodel.h"

#include "strategyspec.h"

#include <redislock/retryspec.h>

#include <QRandomGenerator>

StrategyListModel::StrategyListModel(QObject *parent) : QAbstractListModel(parent)
{}

int StrategyListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

QVariant StrategyListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = entries_.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case SpecRole:
        return entry.spec;
    case Qt::DecorationRole:
    case ColourRole:
        return entry.colour;
    case Qt::CheckStateRole:
        return entry.shown ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole:
        return entry.shown ? tr("%1: shown on the charts").arg(entry.spec)
                           : tr("%1: hidden; tick to show it").arg(entry.spec);
    default:
        return {};
    }
}

bool StrategyListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    setShown(index.row(), value.value<Qt::CheckState>() == Qt::Checked);
    return true;
}

Qt::ItemFlags StrategyListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable |
           Qt::ItemNeverHasChildren;
}

int StrategyListModel::addStrategy(const QString &spec, const redislock::RetryStrategy &strategy)
{
    const int row = static_cast<int>(entries_.size());
    beginInsertRows({}, row, row);
    entries_.append(Entry{spec, strategy, withKeptDraw(spec, strategy), unusedColour(), true});
    endInsertRows();
    return row;
}

void StrategyListModel::setStrategy(int row, const QString &spec,
                                    const redislock::RetryStrategy &strategy)
{
    Entry &entry = entries_[row];
    entry.spec = spec;
    entry.strategy = strategy;
    entry.drawn = withKeptDraw(spec, strategy);
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed,
                       {Qt::DisplayRole, Qt::EditRole, SpecRole, Qt::ToolTipRole});
}

void StrategyListModel::removeStrategy(int row)
{
    beginRemoveRows({}, row, row);
    entries_.removeAt(row);
    endRemoveRows();
}

void StrategyListModel::clear()
{
    if (entries_.isEmpty())
        return;
    beginResetModel();
    entries_.clear();
    endResetModel();
}

QString StrategyListModel::spec(int row) const
{
    return entries_.at(row).spec;
}

const redislock::RetryStrategy &StrategyListModel::strategy(int row) const
{
    return entries_.at(row).strategy;
}

const redislock::RetryStrategy &StrategyListModel::drawnStrategy(int row) const
{
    return entries_.at(row).drawn;
}

redislock::RetryStrategy StrategyListModel::withKeptDraw(const QString &spec,
                                                         const redislock::RetryStrategy &strategy)
{
    std::optional<StrategySpec> form = StrategySpec::fromText(spec);
    // A limit inside a limit has no form: it draws afresh, as its text says.
    if (!form || !StrategySpec::isJitter(form->waitKind()) || form->seed)
        return strategy;
    form->seed = QRandomGenerator::global()->generate64();
    auto seeded = redislock::parseRetryStrategy(form->text().toStdString());
    return seeded ? *seeded : strategy;
}

QColor StrategyListModel::colour(int row) const
{
    return entries_.at(row).colour;
}

bool StrategyListModel::isShown(int row) const
{
    return entries_.at(row).shown;
}

void StrategyListModel::setShown(int row, bool shown)
{
    Entry &entry = entries_[row];
    if (entry.shown == shown)
        return;
    entry.shown = shown;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {Qt::CheckStateRole, Qt::ToolTipRole});
}

QList<QColor> StrategyListModel::seriesColours()
{
    // Tableau 10's mid tones: distinct from each other, and none so dark or light that it
    // vanishes on a white or a near-black plot.
    return {QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0x59, 0xa1, 0x4f),
            QColor(0xb0, 0x7a, 0xa1), QColor(0x76, 0xb7, 0xb2), QColor(0xed, 0xc9, 0x48),
            QColor(0xff, 0x9d, 0xa7), QColor(0x9c, 0x75, 0x5f), QColor(0xba, 0xb0, 0xac)};
}

QColor StrategyListModel::unusedColour() const
{
    const QList<QColor> colours = seriesColours();
    for (const QColor &colour : colours) {
        const bool used =
            std::any_of(entries_.cbegin(), entries_.cend(),
                        [&colour](const Entry &entry) { return entry.colour == colour; });
        if (!used)
            return colour;
    }
    return colours.at(entries_.size() % colours.size());
}
