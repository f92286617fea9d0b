#pragma once

#include "backoffchartswidget.h"

#include <redislock/retryschedule.h>

#include <QStyle>
#include <QWidget>

#include <chrono>
#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListView;
class QSpinBox;
class QTableView;
class QToolButton;
class ScheduleTableModel;
class StrategyEditorWidget;
class StrategyListModel;

// The Backoff lab tab: build retry strategies (form or SPEC text), overlay several, and see the
// wait before each attempt and when each attempt starts against the deadline, which is the ttl
// unless a caller deadline is given (the Go library's rule: no deadline means now + ttl). The
// selected strategy's schedule is tabled below, and one sentence says what ends retrying.
// Needs no Redis: schedules come from redislock::computeSchedule.
class BackoffLabWidget : public QWidget
{
    Q_OBJECT

public:
    enum class Preset
    {
        cosyTest,                 // limit(linear(100ms),10) with a 100 ms ttl: cut after 1
        goExponential,            // exponential(16ms,1s) and its limit(…,5), ttl 1s
        awsComparison,            // exponential against the three jitters, seeded, ttl 5s
        linearAgainstExponential, // linear(100ms) against exponential(16ms,1s), ttl 1s
    };
    Q_ENUM(Preset)

    explicit BackoffLabWidget(QWidget *parent = nullptr);
    ~BackoffLabWidget() override;

    // Replaces the strategies and settings with a preset's.
    void applyPreset(Preset preset);
    [[nodiscard]] static QString presetName(Preset preset);

    // Adds a strategy and selects it; returns its row, or -1 (and shows why) for a bad SPEC.
    int addStrategy(const QString &spec);
    void removeStrategy(int row);
    [[nodiscard]] int currentRow() const;
    void setCurrentRow(int row);

    void setTtl(std::chrono::nanoseconds ttl);
    // A caller deadline; nothing means the ttl.
    void setDeadline(std::optional<std::chrono::nanoseconds> deadline);
    void setAttempts(int attempts);
    [[nodiscard]] std::chrono::nanoseconds effectiveDeadline() const { return deadline_; }
    [[nodiscard]] int attempts() const;

    // What ends retrying for the selected strategy, in one sentence.
    [[nodiscard]] QString summary() const;
    // The sentence for any schedule; `attemptsShown` is how many attempts were computed.
    [[nodiscard]] static QString summarize(const redislock::RetrySchedule &schedule,
                                           int attemptsShown);

    [[nodiscard]] StrategyListModel *strategies() const { return strategies_; }
    [[nodiscard]] ScheduleTableModel *scheduleModel() const { return schedule_; }
    [[nodiscard]] BackoffChartsWidget *charts() const { return charts_; }
    [[nodiscard]] StrategyEditorWidget *editor() const { return editor_; }

    bool exportChart(BackoffChartsWidget::Chart chart, const QString &path);
    bool exportScheduleCsv(const QString &path);

private:
    QWidget *buildControls();
    QWidget *buildResults();
    void onSelectionChanged();
    void onStrategyEdited(const QString &spec, const redislock::RetryStrategy &strategy);
    void onSettingsEdited();
    void refresh();
    void exportChartInteractively(BackoffChartsWidget::Chart chart);
    void exportCsvInteractively();
    void setSummaryIcon(QStyle::StandardPixmap icon);
    // Adds the jitter band to the selected series when its strategy is a jitter one.
    void fillBand(BackoffChartsWidget::Series &series, std::size_t attempts) const;

    static constexpr int bandSeeds = 64;

    StrategyListModel *strategies_ = nullptr;
    ScheduleTableModel *schedule_ = nullptr;
    QListView *list_ = nullptr;
    QToolButton *add_ = nullptr;
    QToolButton *remove_ = nullptr;
    QToolButton *presets_ = nullptr;
    StrategyEditorWidget *editor_ = nullptr;
    QLineEdit *ttl_ = nullptr;
    QLineEdit *deadlineEdit_ = nullptr;
    QSpinBox *attempts_ = nullptr;
    QCheckBox *logScale_ = nullptr;
    QCheckBox *band_ = nullptr;
    QLabel *settingsError_ = nullptr;
    QLabel *summaryIcon_ = nullptr;
    QLabel *summary_ = nullptr;
    QLabel *tableTitle_ = nullptr;
    BackoffChartsWidget *charts_ = nullptr;
    QTableView *table_ = nullptr;
    QToolButton *export_ = nullptr;
    QLabel *status_ = nullptr;

    std::chrono::nanoseconds ttlValue_ = std::chrono::seconds(1);
    std::chrono::nanoseconds deadline_ = std::chrono::seconds(1);
};
