#pragma once

#include <redislock/harness/harness.h>

#include <QAbstractTableModel>
#include <QList>
#include <QString>

// One row per strategy of a harness session: what it measured, live while it runs.
class HarnessResultModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        strategyColumn,
        acquisitionsColumn,
        attemptsColumn,
        wastedColumn,
        redisCallsColumn,
        callsPerAcquisitionColumn,
        throughputColumn,
        waitP50Column,
        waitP99Column,
        fairnessColumn,
        violationsColumn,
        numberOfColumns,
    };
    Q_ENUM(Column)

    // The unformatted number of a cell (a double), for sorting, charts and tests.
    static constexpr int valueRole = Qt::UserRole;

    explicit HarnessResultModel(QObject *parent = nullptr);

    // A new session: one waiting row per strategy.
    void reset(const QStringList &strategies);
    // The running strategy's counts so far.
    void setProgress(const redislock::harness::Progress &progress);
    void setResult(std::size_t run, const redislock::harness::RunResult &result);
    [[nodiscard]] const redislock::harness::RunResult *result(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString strategy;
        enum class State
        {
            waiting,
            running,
            done,
            cancelled,
        } state = State::waiting;
        quint64 acquisitions = 0;
        quint64 attempts = 0;
        std::optional<redislock::harness::RunResult> result;
    };
    [[nodiscard]] QVariant value(const Row &row, int column) const;

    QList<Row> rows_;
};
