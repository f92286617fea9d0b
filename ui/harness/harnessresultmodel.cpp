#include "harnessresultmodel.h"

#include <QLocale>

using namespace redislock::harness;

HarnessResultModel::HarnessResultModel(QObject *parent) : QAbstractTableModel(parent)
{}

void HarnessResultModel::reset(const QStringList &strategies)
{
    beginResetModel();
    rows_.clear();
    for (const QString &strategy : strategies)
        rows_.append(Row{strategy, Row::State::waiting, 0, 0, std::nullopt});
    endResetModel();
}

void HarnessResultModel::setProgress(const Progress &progress)
{
    const int row = static_cast<int>(progress.run);
    if (row < 0 || row >= rows_.size())
        return;
    Row &entry = rows_[row];
    entry.state = Row::State::running;
    entry.acquisitions = progress.acquisitions;
    entry.attempts = progress.attempts;
    Q_EMIT dataChanged(index(row, 0), index(row, numberOfColumns - 1));
}

void HarnessResultModel::setResult(std::size_t run, const RunResult &result)
{
    const int row = static_cast<int>(run);
    if (row < 0 || row >= rows_.size())
        return;
    Row &entry = rows_[row];
    entry.state = result.complete ? Row::State::done : Row::State::cancelled;
    entry.acquisitions = result.acquisitions;
    entry.attempts = result.attempts;
    entry.result = result;
    Q_EMIT dataChanged(index(row, 0), index(row, numberOfColumns - 1));
}

const RunResult *HarnessResultModel::result(int row) const
{
    if (row < 0 || row >= rows_.size() || !rows_[row].result)
        return nullptr;
    return &*rows_[row].result;
}

int HarnessResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int HarnessResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : numberOfColumns;
}

QVariant HarnessResultModel::value(const Row &row, int column) const
{
    switch (column) {
    case strategyColumn:
        return row.strategy;
    case acquisitionsColumn:
        return QVariant::fromValue(row.acquisitions);
    case attemptsColumn:
        return QVariant::fromValue(row.attempts);
    default:
        break;
    }
    if (!row.result)
        return {};
    const RunResult &run = *row.result;
    switch (column) {
    case wastedColumn:
        return QVariant::fromValue(quint64(run.notObtained));
    case redisCallsColumn:
        return QVariant::fromValue(quint64(run.redisCalls));
    case callsPerAcquisitionColumn:
        return run.callsPerAcquisition;
    case throughputColumn:
        return run.throughputPerS;
    case waitP50Column:
        return run.waitP50Ms;
    case waitP99Column:
        return run.waitP99Ms;
    case fairnessColumn:
        return run.fairness;
    case violationsColumn:
        return QVariant::fromValue(quint64(run.violations));
    default:
        return {};
    }
}

QVariant HarnessResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = rows_[index.row()];
    const int column = index.column();
    if (role == valueRole)
        return value(row, column);
    if (role == Qt::TextAlignmentRole)
        return column == strategyColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                        : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && column == strategyColumn) {
        // The column may be elided: the tooltip has the whole SPEC.
        switch (row.state) {
        case Row::State::waiting:
            return tr("%1\nWaiting for its turn").arg(row.strategy);
        case Row::State::running:
            return tr("%1\nRunning").arg(row.strategy);
        case Row::State::done:
            return tr("%1\nDone").arg(row.strategy);
        case Row::State::cancelled:
            return tr("%1\nCancelled: the numbers cover the run until then").arg(row.strategy);
        }
    }
    if (role == Qt::ToolTipRole && column == violationsColumn)
        return tr("Overlapping holders seen by the harness's own check, independent of the lock");
    if (role != Qt::DisplayRole)
        return {};

    const QVariant raw = value(row, column);
    if (!raw.isValid()) {
        if (column == strategyColumn)
            return row.strategy;
        return row.state == Row::State::waiting || row.state == Row::State::running
                   ? QStringLiteral("…")
                   : QString();
    }
    const QLocale locale;
    switch (column) {
    case strategyColumn:
        if (row.state == Row::State::cancelled)
            return tr("%1 (cancelled)").arg(row.strategy);
        return row.strategy;
    case callsPerAcquisitionColumn:
    case fairnessColumn:
        return locale.toString(raw.toDouble(), 'f', column == fairnessColumn ? 3 : 2);
    case throughputColumn:
        return locale.toString(raw.toDouble(), 'f', 1);
    case waitP50Column:
    case waitP99Column:
        return locale.toString(raw.toDouble(), 'f', 3);
    default:
        return locale.toString(raw.toULongLong());
    }
}

QVariant HarnessResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= numberOfColumns)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case strategyColumn:
            return tr("The retry strategy of this run, as lockctl --retry takes it");
        case acquisitionsColumn:
            return tr("How many times a client obtained the lock");
        case attemptsColumn:
            return tr("Obtain calls made: acquisitions, \"not obtained\" and errors");
        case wastedColumn:
            return tr("Attempts that found the lock held by another client: the cost of "
                      "waiting this way (a release that wakes every waiter makes many)");
        case redisCallsColumn:
            return tr("Requests sent to Redis: every obtain attempt and every release");
        case callsPerAcquisitionColumn:
            return tr("Requests to Redis (obtain attempts and releases) per acquisition");
        case throughputColumn:
            return tr("Acquisitions per second of the run's elapsed time");
        case waitP50Column:
            return tr("Median wait until acquired, from when a client started wanting the "
                      "lock (ms): half the acquisitions waited less");
        case waitP99Column:
            return tr("99th percentile of the wait until acquired (ms): the slow tail");
        case fairnessColumn:
            return tr("Jain's fairness index of the acquisitions per client: 1 when every "
                      "client got the same share, 1/N when one client got them all");
        case violationsColumn:
            return tr("Times two clients held the lock at once, seen by the harness's own "
                      "check (independent of the lock): anything but 0 is a bug");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case strategyColumn:
        return tr("Strategy");
    case acquisitionsColumn:
        return tr("Acquired");
    case attemptsColumn:
        return tr("Attempts");
    case wastedColumn:
        return tr("Wasted");
    case redisCallsColumn:
        return tr("Calls");
    case callsPerAcquisitionColumn:
        return tr("Calls/acq.");
    case throughputColumn:
        return tr("Acq./s");
    case waitP50Column:
        return tr("p50 ms");
    case waitP99Column:
        return tr("p99 ms");
    case fairnessColumn:
        return tr("Fairness");
    case violationsColumn:
        return tr("Violations");
    default:
        return {};
    }
}
