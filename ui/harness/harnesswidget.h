#pragma once

#include <redislock/connectionoptions.h>
#include <redislock/harness/harness.h>

#include <QWidget>

#include <optional>
#include <vector>

class HarnessResultModel;
class HarnessRunner;
class QButtonGroup;
class QCPAxisRect;
class QCPGraph;
class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTabWidget;
class QTableView;

// The contention harness tab: N clients, each with its own connection, contend on one
// key; each strategy runs in turn with the same settings. Live charts of the attempts per client
// (successes and failures), the wait-time distribution per strategy, calls per acquisition,
// throughput and fairness; a table of the numbers; export to CSV (every attempt) and to PNG or
// PDF (the chart shown). The engine runs on a worker thread: the GUI never waits for Redis.
class HarnessWidget : public QWidget
{
    Q_OBJECT

public:
    explicit HarnessWidget(QWidget *parent = nullptr);
    ~HarnessWidget() override;

    // Where the clients connect (each opens its own connection). Run is disabled until set.
    void setConnection(const redislock::ConnectionOptions &connection);
    [[nodiscard]] bool isRunning() const;
    // Why this app may not write now (read-only), shown on Run, which is disabled; empty: it
    // may. The runner asks the session's WriteGate itself: this only keeps the UI honest.
    void setWritesRefused(const QString &reason);
    [[nodiscard]] HarnessRunner *runner() const { return runner_; }

    // The settings as the form states them, or a one-line reason why they cannot run.
    [[nodiscard]] std::expected<redislock::harness::Settings, QString> settings() const;
    // The finished (or cancelled) runs of the last session.
    [[nodiscard]] const std::vector<redislock::harness::RunResult> &results() const
    {
        return results_;
    }
    [[nodiscard]] HarnessResultModel *resultModel() const { return model_; }

    // Every attempt of the last session as CSV; false with a message on failure.
    bool exportCsv(const QString &path, QString *error = nullptr) const;
    // The chart shown: PDF when the path ends in .pdf, PNG otherwise.
    bool exportChart(const QString &path, QString *error = nullptr) const;

public Q_SLOTS:
    void run();
    void cancel();

Q_SIGNALS:
    void started();
    // The session ended: all runs done, cancelled, or failed (then `error` says why).
    void finished(bool cancelled, const QString &error);

private:
    void buildForm(QWidget *form);
    void buildCharts();
    void updateRunEnabled();
    void onProgress(const redislock::harness::Progress &progress);
    void onRunFinished(const redislock::harness::RunResult &run);
    void onSessionEnded(bool cancelled, const QString &error);
    void showAttempts(int run);
    void addAttempts(const std::vector<redislock::harness::Attempt> &attempts);
    void updateWaitChart();
    void updateComparison();
    void exportCsvInteractively();
    void exportChartInteractively(const QString &suffix);
    [[nodiscard]] QCustomPlot *currentPlot() const;

    std::optional<redislock::ConnectionOptions> connection_;
    QString writesRefused_;
    HarnessRunner *runner_ = nullptr;
    HarnessResultModel *model_ = nullptr;
    std::vector<redislock::harness::RunResult> results_;
    std::size_t sessionClients_ = 0;
    QStringList sessionStrategies_;
    int liveRun_ = -1; // the run whose attempts are arriving

    QSpinBox *clients_ = nullptr;
    QPlainTextEdit *strategies_ = nullptr;
    QLineEdit *hold_ = nullptr;
    QLineEdit *ttl_ = nullptr;
    QRadioButton *byAcquisitions_ = nullptr;
    QRadioButton *byDuration_ = nullptr;
    QSpinBox *acquisitions_ = nullptr;
    QLineEdit *duration_ = nullptr;
    QLineEdit *key_ = nullptr;
    QPushButton *runButton_ = nullptr;
    QPushButton *cancelButton_ = nullptr;
    QProgressBar *progress_ = nullptr;
    QLabel *status_ = nullptr;
    QTableView *table_ = nullptr;
    QTabWidget *charts_ = nullptr;
    QComboBox *attemptsRun_ = nullptr;
    QCustomPlot *attemptsPlot_ = nullptr;
    QCPGraph *acquiredGraph_ = nullptr;
    QCPGraph *notObtainedGraph_ = nullptr;
    QCPGraph *errorGraph_ = nullptr;
    QCustomPlot *waitPlot_ = nullptr;
    QCustomPlot *comparisonPlot_ = nullptr;
    QPushButton *exportCsv_ = nullptr;
    QPushButton *exportPng_ = nullptr;
    QPushButton *exportPdf_ = nullptr;
};
