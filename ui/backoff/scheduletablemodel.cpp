#include "scheduletablemodel.h"

#include "durationtext.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace {

double ms(std::chrono::nanoseconds duration)
{
    return std::chrono::duration<double, std::milli>(duration).count();
}

QByteArray csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')))
        return text.toUtf8();
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return '"' + quoted.toUtf8() + '"';
}

} // namespace

ScheduleTableModel::ScheduleTableModel(QObject *parent) : QAbstractTableModel(parent)
{}

int ScheduleTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || spec_.isEmpty())
        return 0;
    return static_cast<int>(schedule_.attemptsAllowed());
}

int ScheduleTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScheduleTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const std::size_t attempt = static_cast<std::size_t>(row) + 1;
    const bool before = schedule_.beforeDeadline(attempt);
    const auto wait = [this, row]() {
        return schedule_.waits[static_cast<std::size_t>(row) - 1];
    };
    const auto startsAt = [this, row]() {
        return row == 0 ? std::chrono::nanoseconds(0)
                        : schedule_.startsAt[static_cast<std::size_t>(row) - 1];
    };

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case AttemptColumn:
            return row + 1;
        case WaitColumn:
            return row == 0 ? tr("first attempt") : displayDuration(wait());
        case StartsAtColumn:
            return displayDuration(startsAt());
        case DeadlineColumn:
            return before ? tr("before") : tr("past the deadline: not made");
        default:
            return {};
        }
    case ValueRole:
        switch (index.column()) {
        case AttemptColumn:
            return row + 1;
        case WaitColumn:
            return row == 0 ? QVariant() : QVariant(ms(wait()));
        case StartsAtColumn:
            return ms(startsAt());
        case DeadlineColumn:
            return before;
        default:
            return {};
        }
    case BeforeDeadlineRole:
        return before;
    case Qt::TextAlignmentRole:
        return index.column() == DeadlineColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (before)
            return {};
        return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
    case Qt::FontRole:
        if (before)
            return {};
        {
            QFont font;
            font.setItalic(true);
            return font;
        }
    case Qt::ToolTipRole:
        return before ? tr("Attempt %1 starts %2 after the first, before the deadline (%3).")
                            .arg(row + 1)
                            .arg(displayDuration(startsAt()), displayDuration(schedule_.deadline))
                      : tr("Attempt %1 would start %2 after the first, at or past the deadline "
                           "(%3): the retry loop gives up before it.")
                            .arg(row + 1)
                            .arg(displayDuration(startsAt()), displayDuration(schedule_.deadline));
    default:
        return {};
    }
}

QVariant ScheduleTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case AttemptColumn:
        return tr("Attempt");
    case WaitColumn:
        return tr("Wait before");
    case StartsAtColumn:
        return tr("Starts at");
    case DeadlineColumn:
        return tr("Deadline");
    default:
        return {};
    }
}

void ScheduleTableModel::setSchedule(const QString &spec, const redislock::RetrySchedule &schedule)
{
    beginResetModel();
    spec_ = spec;
    schedule_ = schedule;
    endResetModel();
}

void ScheduleTableModel::clear()
{
    setSchedule({}, {});
}

QByteArray ScheduleTableModel::toCsv() const
{
    QByteArray csv = "strategy,attempt,wait_ms,starts_at_ms,before_deadline\n";
    const QByteArray strategy = csvField(spec_);
    for (int row = 0; row < rowCount(); ++row) {
        const std::size_t attempt = static_cast<std::size_t>(row) + 1;
        csv += strategy + ',' + QByteArray::number(row + 1) + ',';
        if (row > 0)
            csv += QByteArray::number(ms(schedule_.waits[attempt - 2]), 'g', 15);
        csv += ',';
        csv += row == 0 ? QByteArray("0")
                        : QByteArray::number(ms(schedule_.startsAt[attempt - 2]), 'g', 15);
        csv += schedule_.beforeDeadline(attempt) ? ",true\n" : ",false\n";
    }
    return csv;
}
