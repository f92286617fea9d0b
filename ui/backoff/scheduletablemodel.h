#pragma once

#include <redislock/retryschedule.h>

#include <QAbstractTableModel>
#include <QByteArray>
#include <QString>

// One strategy's schedule as a table: an attempt per row, the wait before it, when it starts
// and whether that is before the deadline. Rows past the deadline are attempts the strategy
// would make but the retry loop never does; they are greyed and say so.
class ScheduleTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        AttemptColumn,
        WaitColumn,
        StartsAtColumn,
        DeadlineColumn,
        ColumnCount
    };
    enum Role
    {
        // The raw value: attempt number (int), wait and start in ms (double, the first
        // attempt's wait is null), before the deadline (bool).
        ValueRole = Qt::UserRole,
        BeforeDeadlineRole, // bool, on every column
    };

    explicit ScheduleTableModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    void setSchedule(const QString &spec, const redislock::RetrySchedule &schedule);
    void clear();
    [[nodiscard]] const redislock::RetrySchedule &schedule() const { return schedule_; }
    [[nodiscard]] QString spec() const { return spec_; }

    // The table as CSV with a header line: strategy, attempt, wait_ms, starts_at_ms,
    // before_deadline (numbers in the C locale, so that spreadsheets and scripts read them).
    [[nodiscard]] QByteArray toCsv() const;

private:
    QString spec_;
    redislock::RetrySchedule schedule_;
};
