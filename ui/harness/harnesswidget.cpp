#include "harnesswidget.h"

#include "harnessresultmodel.h"
#include "harnessrunner.h"
#include "qcustomplotinclude.h"

#include <redislock/duration.h>
#include <redislock/harness/attemptcsv.h>
#include <redislock/retryspec.h>

#include <QButtonGroup>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <fstream>

using namespace redislock::harness;

namespace {

// Distinct on light and dark backgrounds alike.
QColor seriesColor(std::size_t index)
{
    static const QColor colors[] = {
        QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
        QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
        QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf),
    };
    return colors[index % std::size(colors)];
}

double toMs(std::chrono::nanoseconds duration)
{
    return std::chrono::duration<double, std::milli>(duration).count();
}

// Axes, grid and background from the widget's palette, so that the charts follow dark mode.
void applyPalette(QCustomPlot *plot)
{
    const QPalette palette = plot->palette();
    const QColor text = palette.color(QPalette::WindowText);
    QColor grid = text;
    grid.setAlpha(40);
    plot->setBackground(palette.brush(QPalette::Base));
    for (QCPAxisRect *rect : plot->axisRects()) {
        for (QCPAxis *axis : rect->axes()) {
            axis->setBasePen(QPen(text));
            axis->setTickPen(QPen(text));
            axis->setSubTickPen(QPen(text));
            axis->setTickLabelColor(text);
            axis->setLabelColor(text);
            axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
        }
    }
    if (plot->legend) { // gone when the default layout was cleared
        plot->legend->setBrush(palette.brush(QPalette::Base));
        plot->legend->setTextColor(text);
        plot->legend->setBorderPen(QPen(grid));
    }
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i) {
        if (auto *title = qobject_cast<QCPTextElement *>(plot->plotLayout()->elementAt(i)))
            title->setTextColor(text);
    }
}

// The legend in a row of its own above the axis rect, `columns` entries a row: inside the axis
// rect it covered data points.
void placeLegendAbove(QCustomPlot *plot, int columns)
{
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->take(plot->legend);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setWrap(columns);
    plot->legend->setMargins(QMargins(6, 2, 6, 2));
    plot->legend->setColumnSpacing(12);
    plot->legend->setRowSpacing(0);
}

} // namespace

HarnessWidget::HarnessWidget(QWidget *parent)
    : QWidget(parent), runner_(new HarnessRunner(this)), model_(new HarnessResultModel(this))
{
    auto *form = new QGroupBox(tr("Settings"), this);
    buildForm(form);

    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("harnessResults"));
    table_->setModel(model_);
    // The numbers keep their full width; the strategy column takes what is left, elided in
    // the middle (its tooltip has the whole SPEC), so all the numbers up to Violations stay in
    // view. In a very narrow window the table scrolls sideways instead of cutting them off.
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(HarnessResultModel::strategyColumn,
                                                     QHeaderView::Stretch);
    table_->horizontalHeader()->setMinimumSectionSize(48);
    table_->horizontalHeader()->setTextElideMode(Qt::ElideRight);
    table_->setTextElideMode(Qt::ElideMiddle);
    table_->setWordWrap(false);
    table_->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);

    charts_ = new QTabWidget(this);
    charts_->setObjectName(QStringLiteral("harnessCharts"));
    buildCharts();

    exportCsv_ = new QPushButton(tr("Export CSV…"), this);
    exportPng_ = new QPushButton(tr("Export PNG…"), this);
    exportPdf_ = new QPushButton(tr("Export PDF…"), this);
    exportCsv_->setObjectName(QStringLiteral("exportCsv"));
    exportPng_->setObjectName(QStringLiteral("exportPng"));
    exportPdf_->setObjectName(QStringLiteral("exportPdf"));
    exportCsv_->setToolTip(tr("Every attempt of every run: strategy, client, start, end, outcome"));
    exportPng_->setToolTip(tr("The chart shown, as an image"));
    exportPdf_->setToolTip(tr("The chart shown, as a PDF"));
    for (QPushButton *button : {exportCsv_, exportPng_, exportPdf_})
        button->setEnabled(false);
    connect(exportCsv_, &QPushButton::clicked, this, &HarnessWidget::exportCsvInteractively);
    connect(exportPng_, &QPushButton::clicked, this,
            [this] { exportChartInteractively(QStringLiteral("png")); });
    connect(exportPdf_, &QPushButton::clicked, this,
            [this] { exportChartInteractively(QStringLiteral("pdf")); });
    auto *exports = new QHBoxLayout;
    exports->addStretch();
    exports->addWidget(exportCsv_);
    exports->addWidget(exportPng_);
    exports->addWidget(exportPdf_);

    auto *results = new QWidget(this);
    auto *resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Vertical, results);
    splitter->addWidget(table_);
    splitter->addWidget(charts_);
    splitter->setStretchFactor(1, 3);
    resultsLayout->addWidget(splitter);
    resultsLayout->addLayout(exports);

    // The form scrolls in a small window rather than squeezing its fields into each other.
    auto *formPanel = new QWidget(this);
    auto *formColumn = new QVBoxLayout(formPanel);
    formColumn->setContentsMargins(0, 0, 0, 0);
    formColumn->addWidget(form);
    formColumn->addStretch();
    auto *formScroll = new QScrollArea(this);
    formScroll->setObjectName(QStringLiteral("formScroll"));
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);
    formScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    formScroll->setWidget(formPanel);
    // Narrow enough to leave the results table room for all its numbers at 1024 px.
    formScroll->setFixedWidth(std::clamp(formPanel->minimumSizeHint().width(), 260, 340) +
                              formScroll->verticalScrollBar()->sizeHint().width());
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(formScroll);
    layout->addWidget(results, 1);

    connect(runner_, &HarnessRunner::progressed, this, &HarnessWidget::onProgress);
    connect(runner_, &HarnessRunner::runFinished, this, &HarnessWidget::onRunFinished);
    connect(runner_, &HarnessRunner::finished, this,
            [this](bool cancelled) { onSessionEnded(cancelled, {}); });
    connect(runner_, &HarnessRunner::failed, this,
            [this](const QString &error) { onSessionEnded(false, error); });
    updateRunEnabled();
}

HarnessWidget::~HarnessWidget() = default;

void HarnessWidget::buildForm(QWidget *form)
{
    clients_ = new QSpinBox(form);
    clients_->setObjectName(QStringLiteral("clients"));
    clients_->setRange(1, 1024);
    clients_->setValue(16);
    clients_->setToolTip(tr("Each client opens a connection of its own"));

    strategies_ = new QPlainTextEdit(form);
    strategies_->setObjectName(QStringLiteral("strategies"));
    strategies_->setPlainText(QStringLiteral("linear(1ms)\nexponential(1ms,100ms)\n"
                                             "fulljitter(1ms,100ms)"));
    strategies_->setToolTip(
        tr("One retry strategy per line, run one after the other: none, linear(100ms), "
           "exponential(16ms,1s), limit(SPEC,N), fulljitter(16ms,1s), equaljitter(16ms,1s), "
           "decorrelated(16ms,1s), notify(SPEC) (waits for the key's release, bounded by "
           "SPEC; needs keyspace events on the server)"));
    strategies_->setTabChangesFocus(true);
    strategies_->setMinimumWidth(150);
    strategies_->setMaximumHeight(120);

    hold_ = new QLineEdit(QStringLiteral("1ms"), form);
    hold_->setObjectName(QStringLiteral("hold"));
    hold_->setToolTip(tr("How long a client holds the lock: fixed (5ms) or a range (1ms..10ms)"));
    ttl_ = new QLineEdit(QStringLiteral("1s"), form);
    ttl_->setObjectName(QStringLiteral("ttl"));
    ttl_->setToolTip(tr("The lock's ttl; also how long one obtain call retries"));
    key_ = new QLineEdit(QStringLiteral("lockscope:harness"), form);
    key_->setObjectName(QStringLiteral("key"));

    byAcquisitions_ = new QRadioButton(tr("Acquisitions"), form);
    byAcquisitions_->setObjectName(QStringLiteral("byAcquisitions"));
    byDuration_ = new QRadioButton(tr("Duration"), form);
    byDuration_->setObjectName(QStringLiteral("byDuration"));
    auto *limit = new QButtonGroup(form);
    limit->addButton(byAcquisitions_);
    limit->addButton(byDuration_);
    byAcquisitions_->setChecked(true);
    acquisitions_ = new QSpinBox(form);
    acquisitions_->setObjectName(QStringLiteral("acquisitions"));
    acquisitions_->setRange(1, 10'000'000);
    acquisitions_->setValue(500);
    duration_ = new QLineEdit(QStringLiteral("5s"), form);
    duration_->setObjectName(QStringLiteral("duration"));
    duration_->setEnabled(false);
    connect(byAcquisitions_, &QRadioButton::toggled, this, [this](bool checked) {
        acquisitions_->setEnabled(checked);
        duration_->setEnabled(!checked);
    });

    runButton_ = new QPushButton(tr("&Run"), form);
    runButton_->setObjectName(QStringLiteral("run"));
    runButton_->setDefault(true);
    cancelButton_ = new QPushButton(tr("Cancel"), form);
    cancelButton_->setObjectName(QStringLiteral("cancel"));
    cancelButton_->setEnabled(false);
    connect(runButton_, &QPushButton::clicked, this, &HarnessWidget::run);
    connect(cancelButton_, &QPushButton::clicked, this, &HarnessWidget::cancel);

    progress_ = new QProgressBar(form);
    progress_->setObjectName(QStringLiteral("progress"));
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    progress_->setFormat(QString());
    status_ = new QLabel(form);
    status_->setObjectName(QStringLiteral("status"));
    status_->setWordWrap(true);

    auto *layout = new QFormLayout(form);
    // Alt+C and Alt+H belong to the menu bar: these fields take other letters.
    layout->addRow(tr("Cl&ients:"), clients_);
    layout->addRow(tr("&Strategies:"), strategies_);
    layout->addRow(tr("Hol&d:"), hold_);
    layout->addRow(tr("&TTL:"), ttl_);
    layout->addRow(byAcquisitions_, acquisitions_);
    layout->addRow(byDuration_, duration_);
    layout->addRow(tr("&Key:"), key_);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(runButton_);
    buttons->addWidget(cancelButton_);
    layout->addRow(buttons);
    layout->addRow(progress_);
    layout->addRow(status_);
    form->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void HarnessWidget::buildCharts()
{
    // Attempts over time, one row of dots per client.
    auto *attemptsPage = new QWidget(charts_);
    auto *attemptsLayout = new QVBoxLayout(attemptsPage);
    attemptsRun_ = new QComboBox(attemptsPage);
    attemptsRun_->setObjectName(QStringLiteral("attemptsRun"));
    attemptsRun_->setToolTip(tr("Which strategy's run to show"));
    attemptsPlot_ = new QCustomPlot(attemptsPage);
    attemptsPlot_->setObjectName(QStringLiteral("attemptsPlot"));
    attemptsPlot_->setMinimumHeight(220);
    const auto addSeries = [this](const QString &name, QCPScatterStyle style) {
        QCPGraph *graph = attemptsPlot_->addGraph();
        graph->setName(name);
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(style);
        graph->setAdaptiveSampling(true);
        return graph;
    };
    notObtainedGraph_ = addSeries(tr("not obtained"), QCPScatterStyle(QCPScatterStyle::ssCircle,
                                                                      QColor(0x88, 0x88, 0x88), 3));
    acquiredGraph_ = addSeries(
        tr("acquired"), QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(0x2c, 0xa0, 0x2c), 5));
    errorGraph_ = addSeries(tr("error"),
                            QCPScatterStyle(QCPScatterStyle::ssCross, QColor(0xd6, 0x27, 0x28), 7));
    attemptsPlot_->xAxis->setLabel(tr("time since the run started (ms)"));
    attemptsPlot_->yAxis->setLabel(tr("client"));
    // Clients are whole numbers: ticks on integers only (every 1, 2, 5, 10... as room allows).
    auto clientTicker = QSharedPointer<QCPAxisTickerFixed>(new QCPAxisTickerFixed);
    clientTicker->setTickStep(1);
    clientTicker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    attemptsPlot_->yAxis->setTicker(clientTicker);
    attemptsPlot_->yAxis->setSubTicks(false);
    placeLegendAbove(attemptsPlot_, 3);
    attemptsPlot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    connect(attemptsRun_, &QComboBox::currentIndexChanged, this, &HarnessWidget::showAttempts);
    auto *attemptsTop = new QHBoxLayout;
    attemptsTop->addWidget(new QLabel(tr("Run:"), attemptsPage));
    attemptsTop->addWidget(attemptsRun_, 1);
    attemptsLayout->addLayout(attemptsTop);
    attemptsLayout->addWidget(attemptsPlot_, 1);
    charts_->addTab(attemptsPage, tr("Attempts"));

    // Wait-time distribution: the share of acquisitions that waited at most x, per strategy.
    waitPlot_ = new QCustomPlot(charts_);
    waitPlot_->setObjectName(QStringLiteral("waitPlot"));
    waitPlot_->xAxis->setScaleType(QCPAxis::stLogarithmic);
    waitPlot_->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    waitPlot_->xAxis->setNumberFormat(QStringLiteral("gb"));
    waitPlot_->xAxis->setLabel(tr("wait until acquired (ms)"));
    waitPlot_->yAxis->setLabel(tr("share of acquisitions"));
    waitPlot_->yAxis->setRange(0, 1.02);
    placeLegendAbove(waitPlot_, 3);
    charts_->addTab(waitPlot_, tr("Wait times"));

    // Calls per acquisition, throughput and fairness side by side, one bar per strategy.
    comparisonPlot_ = new QCustomPlot(charts_);
    comparisonPlot_->setObjectName(QStringLiteral("comparisonPlot"));
    comparisonPlot_->plotLayout()->clear();
    const QString titles[] = {tr("Redis calls per acquisition"), tr("Acquisitions per second"),
                              tr("Fairness (Jain)")};
    for (int i = 0; i < 3; ++i) {
        auto *title = new QCPTextElement(comparisonPlot_, titles[i]);
        comparisonPlot_->plotLayout()->addElement(0, i, title);
        auto *rect = new QCPAxisRect(comparisonPlot_);
        comparisonPlot_->plotLayout()->addElement(1, i, rect);
        auto *bars = new QCPBars(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        bars->setWidth(0.6);
        const QColor color = seriesColor(static_cast<std::size_t>(i));
        bars->setPen(QPen(color.darker(120)));
        bars->setBrush(color);
        // Leaning left of their tick, so that the last label is not cut off at the right edge.
        rect->axis(QCPAxis::atBottom)->setTickLabelRotation(-30);
        rect->axis(QCPAxis::atBottom)->grid()->setVisible(false);
    }
    comparisonPlot_->plotLayout()->setRowStretchFactor(0, 0.01);
    charts_->addTab(comparisonPlot_, tr("Comparison"));

    for (QCustomPlot *plot : {attemptsPlot_, waitPlot_, comparisonPlot_})
        applyPalette(plot);
}

void HarnessWidget::setConnection(const redislock::ConnectionOptions &connection)
{
    connection_ = connection;
    updateRunEnabled();
}

void HarnessWidget::setWritesRefused(const QString &reason)
{
    if (writesRefused_ == reason)
        return;
    writesRefused_ = reason;
    updateRunEnabled();
}

bool HarnessWidget::isRunning() const
{
    return runner_->isRunning();
}

void HarnessWidget::updateRunEnabled()
{
    const bool running = runner_->isRunning();
    runButton_->setEnabled(!running && connection_.has_value() && writesRefused_.isEmpty());
    cancelButton_->setEnabled(running);
    for (QWidget *field : std::initializer_list<QWidget *>{clients_, strategies_, hold_, ttl_,
                                                           byAcquisitions_, byDuration_, key_})
        field->setEnabled(!running);
    acquisitions_->setEnabled(!running && byAcquisitions_->isChecked());
    duration_->setEnabled(!running && byDuration_->isChecked());
    const bool haveResults = !results_.empty() && !running;
    exportCsv_->setEnabled(haveResults);
    exportPng_->setEnabled(haveResults);
    exportPdf_->setEnabled(haveResults);
    if (!writesRefused_.isEmpty() && !running)
        runButton_->setToolTip(writesRefused_);
    else if (!connection_ && !running)
        runButton_->setToolTip(tr("Connect to a Redis server first"));
    else
        runButton_->setToolTip(
            connection_
                ? tr("Run against %1").arg(QString::fromStdString(connection_->displayUrl()))
                : QString());
}

std::expected<Settings, QString> HarnessWidget::settings() const
{
    Settings settings;
    if (connection_)
        settings.connection = *connection_;
    settings.clients = static_cast<std::size_t>(clients_->value());
    settings.key = key_->text().trimmed().toStdString();
    const QStringList lines = strategies_->toPlainText().split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        auto strategy = redislock::parseRetryStrategy(line.trimmed().toStdString());
        if (!strategy)
            return std::unexpected(
                tr("Strategy: %1").arg(QString::fromStdString(strategy.error().message())));
        settings.strategies.push_back(std::move(*strategy));
    }
    auto hold = parseHoldTime(hold_->text().trimmed().toStdString());
    if (!hold)
        return std::unexpected(tr("Hold: %1").arg(QString::fromStdString(hold.error().message())));
    settings.hold = *hold;
    auto ttl = redislock::parseDuration(ttl_->text().trimmed().toStdString());
    if (!ttl)
        return std::unexpected(tr("TTL: %1").arg(QString::fromStdString(ttl.error().message())));
    settings.ttl = *ttl;
    if (byAcquisitions_->isChecked()) {
        settings.acquisitions = static_cast<std::uint64_t>(acquisitions_->value());
    } else {
        auto duration = redislock::parseDuration(duration_->text().trimmed().toStdString());
        if (!duration)
            return std::unexpected(
                tr("Duration: %1").arg(QString::fromStdString(duration.error().message())));
        if (*duration <= std::chrono::nanoseconds(0))
            return std::unexpected(tr("Duration: must be longer than 0"));
        settings.duration = *duration;
    }
    if (auto valid = settings.validate(); !valid)
        return std::unexpected(QString::fromStdString(valid.error().message()));
    return settings;
}

void HarnessWidget::run()
{
    if (runner_->isRunning() || !connection_)
        return;
    auto settings = this->settings();
    if (!settings) {
        status_->setText(settings.error());
        return;
    }
    results_.clear();
    sessionClients_ = settings->clients;
    sessionStrategies_.clear();
    for (const auto &strategy : settings->strategies)
        sessionStrategies_.append(QString::fromStdString(strategy.describe()));
    model_->reset(sessionStrategies_);
    liveRun_ = -1;
    {
        const QSignalBlocker blocker(attemptsRun_);
        attemptsRun_->clear();
        attemptsRun_->addItems(sessionStrategies_);
    }
    for (QCPGraph *graph : {acquiredGraph_, notObtainedGraph_, errorGraph_})
        graph->data()->clear();
    attemptsPlot_->yAxis->setRange(-0.5, static_cast<double>(sessionClients_) - 0.5);
    attemptsPlot_->xAxis->setRange(0, 100);
    attemptsPlot_->replot();
    updateWaitChart();
    updateComparison();
    progress_->setValue(0);
    progress_->setFormat(tr("connecting…"));
    status_->setText(tr("Connecting %n client(s)…", nullptr, clients_->value()));
    runner_->start(std::move(*settings));
    updateRunEnabled();
    Q_EMIT started();
}

void HarnessWidget::cancel()
{
    if (!runner_->isRunning())
        return;
    status_->setText(tr("Cancelling: clients release the lock…"));
    runner_->cancel();
}

void HarnessWidget::onProgress(const Progress &progress)
{
    model_->setProgress(progress);
    const int run = static_cast<int>(progress.run);
    if (run != liveRun_) {
        liveRun_ = run;
        if (attemptsRun_->currentIndex() == run)
            showAttempts(run);
        else
            attemptsRun_->setCurrentIndex(run); // calls showAttempts()
    }
    if (attemptsRun_->currentIndex() == run) {
        addAttempts(progress.newAttempts);
        attemptsPlot_->xAxis->setRange(0, std::max(1.0, toMs(progress.elapsed)));
        attemptsPlot_->replot(QCustomPlot::rpQueuedReplot);
    }
    const double done = (static_cast<double>(progress.run) + progress.fraction) /
                        static_cast<double>(std::max<std::size_t>(1, progress.runs));
    progress_->setValue(static_cast<int>(done * 1000));
    progress_->setFormat(tr("run %1 of %2 · %3 acquisitions")
                             .arg(progress.run + 1)
                             .arg(progress.runs)
                             .arg(QLocale().toString(quint64(progress.acquisitions))));
    status_->setText(tr("%1 (%2 of %3): %4 acquisitions, %5 attempts")
                         .arg(QString::fromStdString(progress.strategy))
                         .arg(progress.run + 1)
                         .arg(progress.runs)
                         .arg(progress.acquisitions)
                         .arg(progress.attempts));
}

void HarnessWidget::onRunFinished(const RunResult &run)
{
    const auto index = results_.size();
    results_.push_back(run);
    model_->setResult(index, run);
    updateWaitChart();
    updateComparison();
}

void HarnessWidget::onSessionEnded(bool cancelled, const QString &error)
{
    liveRun_ = -1;
    updateRunEnabled();
    if (!error.isEmpty()) {
        status_->setText(tr("Could not run: %1").arg(error));
    } else {
        std::uint64_t violations = 0;
        for (const RunResult &run : results_)
            violations += run.violations;
        const QString summary =
            tr("%1, %2").arg(tr("%n run(s)", nullptr, static_cast<int>(results_.size())),
                             tr("%n violation(s)", nullptr, static_cast<int>(violations)));
        status_->setText(cancelled ? tr("Cancelled after %1").arg(summary)
                                   : tr("Done: %1").arg(summary));
        std::uint64_t acquisitions = 0;
        for (const RunResult &run : results_)
            acquisitions += run.acquisitions;
        progress_->setFormat(tr("%1 · %2 acquisitions")
                                 .arg(cancelled ? tr("cancelled") : tr("done"))
                                 .arg(QLocale().toString(quint64(acquisitions))));
        if (!cancelled)
            progress_->setValue(progress_->maximum());
        // Show the finished log of the run on screen (complete, in start order).
        showAttempts(attemptsRun_->currentIndex());
    }
    Q_EMIT finished(cancelled, error);
}

void HarnessWidget::showAttempts(int run)
{
    for (QCPGraph *graph : {acquiredGraph_, notObtainedGraph_, errorGraph_})
        graph->data()->clear();
    if (run >= 0 && static_cast<std::size_t>(run) < results_.size()) {
        addAttempts(results_[static_cast<std::size_t>(run)].attemptLog);
        attemptsPlot_->xAxis->setRange(
            0, std::max(1.0, toMs(results_[static_cast<std::size_t>(run)].elapsed)));
    }
    // A run still under way fills in from the next progress report on.
    attemptsPlot_->replot(QCustomPlot::rpQueuedReplot);
}

void HarnessWidget::addAttempts(const std::vector<Attempt> &attempts)
{
    QVector<double> keys[3];
    QVector<double> values[3];
    for (const Attempt &attempt : attempts) {
        const auto series = static_cast<std::size_t>(attempt.outcome);
        keys[series].append(toMs(attempt.start));
        values[series].append(static_cast<double>(attempt.client));
    }
    QCPGraph *graphs[] = {acquiredGraph_, notObtainedGraph_, errorGraph_};
    for (std::size_t i = 0; i < 3; ++i) {
        if (!keys[i].isEmpty())
            graphs[i]->addData(keys[i], values[i], true);
    }
}

void HarnessWidget::updateWaitChart()
{
    waitPlot_->clearGraphs();
    double maxWait = 1;
    double minWait = 1;
    for (std::size_t i = 0; i < results_.size(); ++i) {
        const RunResult &run = results_[i];
        if (run.waits.empty())
            continue;
        std::vector<double> waits;
        waits.reserve(run.waits.size());
        // A log axis cannot show 0: a microsecond is the floor.
        for (const auto wait : run.waits)
            waits.push_back(std::max(0.001, toMs(wait)));
        std::ranges::sort(waits);
        QVector<double> keys;
        QVector<double> values;
        const auto n = static_cast<double>(waits.size());
        for (std::size_t k = 0; k < waits.size(); ++k) {
            keys.append(waits[k]);
            values.append(static_cast<double>(k + 1) / n);
        }
        minWait = i == 0 ? waits.front() : std::min(minWait, waits.front());
        maxWait = std::max(maxWait, waits.back());
        QCPGraph *graph = waitPlot_->addGraph();
        graph->setName(QString::fromStdString(run.strategy));
        graph->setLineStyle(QCPGraph::lsStepLeft);
        graph->setPen(QPen(seriesColor(i), 2));
        graph->setData(keys, values, true);
    }
    waitPlot_->xAxis->setRange(std::min(minWait, maxWait) * 0.8, maxWait * 1.25);
    waitPlot_->replot(QCustomPlot::rpQueuedReplot);
}

void HarnessWidget::updateComparison()
{
    auto ticker = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
    QVector<double> keys;
    QVector<double> metrics[3];
    for (std::size_t i = 0; i < results_.size(); ++i) {
        const RunResult &run = results_[i];
        const double key = static_cast<double>(i + 1);
        keys.append(key);
        ticker->addTick(key, QString::fromStdString(run.strategy));
        metrics[0].append(run.callsPerAcquisition);
        metrics[1].append(run.throughputPerS);
        metrics[2].append(run.fairness);
    }
    const QList<QCPAxisRect *> rects = comparisonPlot_->axisRects();
    for (int m = 0; m < 3 && m < rects.size(); ++m) {
        QCPAxisRect *rect = rects[m];
        auto *bars = qobject_cast<QCPBars *>(rect->plottables().value(0));
        if (bars)
            bars->setData(keys, metrics[m], true);
        rect->axis(QCPAxis::atBottom)->setTicker(ticker);
        rect->axis(QCPAxis::atBottom)
            ->setRange(0.4, std::max(1.0, static_cast<double>(keys.size())) + 0.6);
        double top = 1.0;
        for (const double value : metrics[m])
            top = std::max(top, value);
        rect->axis(QCPAxis::atLeft)->setRange(0, top * 1.1);
    }
    comparisonPlot_->replot(QCustomPlot::rpQueuedReplot);
}

QCustomPlot *HarnessWidget::currentPlot() const
{
    switch (charts_->currentIndex()) {
    case 1:
        return waitPlot_;
    case 2:
        return comparisonPlot_;
    default:
        return attemptsPlot_;
    }
}

bool HarnessWidget::exportCsv(const QString &path, QString *error) const
{
    std::ofstream out(path.toStdString(), std::ios::out | std::ios::trunc);
    if (out)
        writeAttemptCsv(out, results_);
    out.close();
    if (!out) {
        if (error)
            *error = tr("Could not write %1").arg(path);
        return false;
    }
    return true;
}

bool HarnessWidget::exportChart(const QString &path, QString *error) const
{
    QCustomPlot *plot = currentPlot();
    // A small or hidden chart still exports at a readable size.
    const int width = std::max(plot->width(), 1000);
    const int height = std::max(plot->height(), 600);
    const bool saved = path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive)
                           ? plot->savePdf(path, width, height)
                           : plot->savePng(path, width, height);
    if (!saved && error)
        *error = tr("Could not write %1").arg(path);
    return saved;
}

void HarnessWidget::exportCsvInteractively()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export attempts"),
                                                      QStringLiteral("harness-attempts.csv"),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        status_->setText(error);
}

void HarnessWidget::exportChartInteractively(const QString &suffix)
{
    const QString filter =
        suffix == QStringLiteral("pdf") ? tr("PDF files (*.pdf)") : tr("PNG images (*.png)");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart"), QStringLiteral("harness-chart.") + suffix, filter);
    if (path.isEmpty())
        return;
    QString error;
    if (!exportChart(path, &error))
        status_->setText(error);
}
