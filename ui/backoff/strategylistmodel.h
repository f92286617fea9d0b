#pragma once

#include <redislock/retrystrategy.h>

#include <QAbstractListModel>
#include <QColor>
#include <QList>

// The strategies the Backoff lab overlays: each one's SPEC text, the parsed strategy, its
// series colour and whether its series are shown (the check box). Colours come from a fixed
// set of mid-tone hues that read on light and dark backgrounds; a new row takes the first
// colour no other row uses.
class StrategyListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        SpecRole = Qt::UserRole, // QString, the SPEC text
        ColourRole,              // QColor
    };

    explicit StrategyListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;

    // Appends a strategy, shown, and returns its row.
    int addStrategy(const QString &spec, const redislock::RetryStrategy &strategy);
    void setStrategy(int row, const QString &spec, const redislock::RetryStrategy &strategy);
    void removeStrategy(int row);
    void clear();

    [[nodiscard]] QString spec(int row) const;
    [[nodiscard]] const redislock::RetryStrategy &strategy(int row) const;
    // What the charts and the table draw: the strategy itself, except that a jitter strategy
    // without a seed gets one drawn when it is added or edited. Its waits stay put until the
    // strategy changes, instead of a new random schedule each time a check box is toggled.
    [[nodiscard]] const redislock::RetryStrategy &drawnStrategy(int row) const;
    [[nodiscard]] QColor colour(int row) const;
    [[nodiscard]] bool isShown(int row) const;
    void setShown(int row, bool shown);

    // The series colours, in the order new rows take them.
    [[nodiscard]] static QList<QColor> seriesColours();

private:
    struct Entry
    {
        QString spec;
        redislock::RetryStrategy strategy;
        redislock::RetryStrategy drawn;
        QColor colour;
        bool shown = true;
    };
    [[nodiscard]] QColor unusedColour() const;
    [[nodiscard]] static redislock::RetryStrategy
    withKeptDraw(const QString &spec, const redislock::RetryStrategy &strategy);

    QList<Entry> entries_;
};
