#include "backofflabwidget.h"

#include "durationtext.h"
#include "scheduletablemodel.h"
#include "strategyeditorwidget.h"
#include "strategylistmodel.h"
#include "strategyspec.h"

#include <redislock/duration.h>
#include <redislock/retryspec.h>

#include <QCheckBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace {

QString durationText(std::chrono::nanoseconds duration)
{
    return QString::fromStdString(redislock::formatDuration(duration));
}

QString attemptsText(std::size_t count)
{
    // Spelled out rather than "%n attempt(s)": English needs no .qm file to read well.
    return count == 1 ? BackoffLabWidget::tr("1 attempt")
                      : BackoffLabWidget::tr("%1 attempts").arg(count);
}

struct PresetContent
{
    QStringList specs;
    std::chrono::nanoseconds ttl;
    int attempts;
};

PresetContent presetContent(BackoffLabWidget::Preset preset)
{
    switch (preset) {
    case BackoffLabWidget::Preset::cosyTest:
        return {{QStringLiteral("limit(linear(100ms),10)")}, 100ms, 12};
    case BackoffLabWidget::Preset::goExponential:
        return {{QStringLiteral("exponential(16ms,1s)"),
                 QStringLiteral("limit(exponential(16ms,1s),5)")},
                1s,
                16};
    case BackoffLabWidget::Preset::awsComparison:
        return {{QStringLiteral("exponential(16ms,1s)"), QStringLiteral("fulljitter(16ms,1s,1)"),
                 QStringLiteral("equaljitter(16ms,1s,1)"),
                 QStringLiteral("decorrelated(16ms,1s,1)")},
                5s,
                20};
    case BackoffLabWidget::Preset::linearAgainstExponential:
        return {{QStringLiteral("linear(100ms)"), QStringLiteral("exponential(16ms,1s)")}, 1s, 16};
    }
    return {};
}

} // namespace

BackoffLabWidget::BackoffLabWidget(QWidget *parent)
    : QWidget(parent), strategies_(new StrategyListModel(this)),
      schedule_(new ScheduleTableModel(this))
{
    auto *layout = new QHBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    // The form scrolls rather than squeezing its fields into each other in a small window.
    auto *controls = new QScrollArea(splitter);
    controls->setObjectName(QStringLiteral("controlsScroll"));
    controls->setWidgetResizable(true);
    controls->setFrameShape(QFrame::NoFrame);
    controls->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    QWidget *panel = buildControls();
    controls->setWidget(panel);
    controls->setMinimumWidth(panel->minimumWidth() +
                              controls->verticalScrollBar()->sizeHint().width());
    controls->setMaximumWidth(panel->maximumWidth() +
                              controls->verticalScrollBar()->sizeHint().width());
    splitter->addWidget(controls);
    splitter->addWidget(buildResults());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter);

    applyPreset(Preset::goExponential);
    setCurrentRow(0);
}

BackoffLabWidget::~BackoffLabWidget() = default;

QWidget *BackoffLabWidget::buildControls()
{
    auto *panel = new QWidget(this);
    panel->setMinimumWidth(290);
    panel->setMaximumWidth(440);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *strategiesBox = new QGroupBox(tr("Strategies"), panel);
    auto *strategiesLayout = new QVBoxLayout(strategiesBox);
    list_ = new QListView(strategiesBox);
    list_->setObjectName(QStringLiteral("strategyList"));
    list_->setModel(strategies_);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setUniformItemSizes(true);
    // Room for a few strategies without scrolling, no more: the form below matters as much.
    list_->setFixedHeight(6 * (list_->fontMetrics().height() + 8));
    list_->setToolTip(tr("Tick to show a strategy on the charts; select it to edit it and to "
                         "see its schedule"));
    strategiesLayout->addWidget(list_);

    auto *buttons = new QHBoxLayout;
    add_ = new QToolButton(strategiesBox);
    add_->setObjectName(QStringLiteral("addStrategy"));
    add_->setText(tr("Add"));
    add_->setToolTip(tr("Add a copy of the selected strategy to overlay and edit"));
    remove_ = new QToolButton(strategiesBox);
    remove_->setObjectName(QStringLiteral("removeStrategy"));
    remove_->setText(tr("&Remove"));
    presets_ = new QToolButton(strategiesBox);
    presets_->setObjectName(QStringLiteral("presets"));
    presets_->setText(tr("Presets"));
    presets_->setPopupMode(QToolButton::InstantPopup);
    auto *presetMenu = new QMenu(presets_);
    for (const Preset preset : {Preset::cosyTest, Preset::goExponential, Preset::awsComparison,
                                Preset::linearAgainstExponential}) {
        presetMenu->addAction(presetName(preset), this, [this, preset] { applyPreset(preset); });
    }
    presets_->setMenu(presetMenu);
    buttons->addWidget(add_);
    buttons->addWidget(remove_);
    buttons->addStretch(1);
    buttons->addWidget(presets_);
    strategiesLayout->addLayout(buttons);
    layout->addWidget(strategiesBox);

    auto *editorBox = new QGroupBox(tr("Selected strategy"), panel);
    auto *editorLayout = new QVBoxLayout(editorBox);
    editor_ = new StrategyEditorWidget(editorBox);
    editor_->setObjectName(QStringLiteral("editor"));
    editorLayout->addWidget(editor_);
    layout->addWidget(editorBox);

    auto *settingsBox = new QGroupBox(tr("Lock and deadline"), panel);
    auto *settings = new QFormLayout(settingsBox);
    ttl_ = new QLineEdit(durationText(ttlValue_), settingsBox);
    ttl_->setObjectName(QStringLiteral("ttl"));
    ttl_->setToolTip(tr("The lock's ttl. Without a deadline of the caller's, obtain() stops "
                        "retrying at now + ttl, as the Go library does"));
    settings->addRow(tr("&TTL:"), ttl_);
    deadlineEdit_ = new QLineEdit(settingsBox);
    deadlineEdit_->setObjectName(QStringLiteral("deadline"));
    deadlineEdit_->setPlaceholderText(tr("the ttl (no caller deadline)"));
    deadlineEdit_->setClearButtonEnabled(true);
    deadlineEdit_->setToolTip(tr("A deadline of the caller's, measured from the first attempt; "
                                 "empty: the ttl"));
    settings->addRow(tr("&Deadline:"), deadlineEdit_);
    attempts_ = new QSpinBox(settingsBox);
    attempts_->setObjectName(QStringLiteral("attempts"));
    attempts_->setRange(1, 1000);
    attempts_->setValue(16);
    attempts_->setToolTip(tr("How many attempts to compute and chart"));
    settings->addRow(tr("Attempts sho&wn:"), attempts_);
    logScale_ = new QCheckBox(tr("Lo&garithmic wait axis"), settingsBox);
    logScale_->setObjectName(QStringLiteral("logScale"));
    settings->addRow(logScale_);
    band_ = new QCheckBox(tr("&Jitter band: the range over %1 seeds").arg(bandSeeds), settingsBox);
    band_->setObjectName(QStringLiteral("jitterBand"));
    band_->setToolTip(tr("For the selected jitter strategy, shade the least and the most each "
                         "attempt's wait and start were over many seeds"));
    band_->setChecked(true);
    settings->addRow(band_);
    settingsError_ = new QLabel(settingsBox);
    settingsError_->setObjectName(QStringLiteral("settingsError"));
    settingsError_->setWordWrap(true);
    QPalette errorPalette = settingsError_->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xd6, 0x45, 0x45));
    settingsError_->setPalette(errorPalette);
    // Its room is kept while it is empty: a message appearing must not move the fields.
    settingsError_->setMinimumHeight(2 * settingsError_->fontMetrics().lineSpacing());
    settingsError_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    settings->addRow(settingsError_);
    layout->addWidget(settingsBox);
    layout->addStretch(1);

    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &BackoffLabWidget::onSelectionChanged);
    connect(strategies_, &StrategyListModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                if (roles.contains(Qt::CheckStateRole))
                    refresh();
            });
    connect(add_, &QToolButton::clicked, this, [this] {
        const int row = currentRow();
        addStrategy(row >= 0 ? strategies_->spec(row) : QStringLiteral("exponential(16ms,1s)"));
    });
    connect(remove_, &QToolButton::clicked, this, [this] { removeStrategy(currentRow()); });
    connect(editor_, &StrategyEditorWidget::strategyEdited, this,
            &BackoffLabWidget::onStrategyEdited);
    connect(ttl_, &QLineEdit::textEdited, this, &BackoffLabWidget::onSettingsEdited);
    connect(deadlineEdit_, &QLineEdit::textChanged, this, &BackoffLabWidget::onSettingsEdited);
    connect(attempts_, &QSpinBox::valueChanged, this, &BackoffLabWidget::refresh);
    connect(logScale_, &QCheckBox::toggled, this, [this](bool on) { charts_->setLogScale(on); });
    connect(band_, &QCheckBox::toggled, this, &BackoffLabWidget::refresh);
    return panel;
}

QWidget *BackoffLabWidget::buildResults()
{
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);

    auto *top = new QWidget(splitter);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    // The sentence that answers "what ends retrying?", as a banner above the charts.
    auto *banner = new QFrame(top);
    banner->setObjectName(QStringLiteral("summaryBanner"));
    banner->setFrameShape(QFrame::StyledPanel);
    banner->setBackgroundRole(QPalette::AlternateBase);
    banner->setAutoFillBackground(true);
    auto *bannerLayout = new QHBoxLayout(banner);
    bannerLayout->setContentsMargins(8, 6, 8, 6);
    summaryIcon_ = new QLabel(banner);
    summaryIcon_->setObjectName(QStringLiteral("summaryIcon"));
    bannerLayout->addWidget(summaryIcon_, 0, Qt::AlignTop);
    summary_ = new QLabel(banner);
    summary_->setObjectName(QStringLiteral("summary"));
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::PlainText);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont emphasis = summary_->font();
    emphasis.setBold(true);
    summary_->setFont(emphasis);
    bannerLayout->addWidget(summary_, 1);
    topLayout->addWidget(banner);
    charts_ = new BackoffChartsWidget(top);
    charts_->setObjectName(QStringLiteral("charts"));
    topLayout->addWidget(charts_, 1);
    splitter->addWidget(top);

    auto *bottom = new QWidget(splitter);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    auto *tableBar = new QHBoxLayout;
    tableTitle_ = new QLabel(bottom);
    tableTitle_->setObjectName(QStringLiteral("tableTitle"));
    tableTitle_->setTextFormat(Qt::PlainText);
    QFont bold = tableTitle_->font();
    bold.setBold(true);
    tableTitle_->setFont(bold);
    tableBar->addWidget(tableTitle_, 1);
    status_ = new QLabel(bottom);
    status_->setObjectName(QStringLiteral("exportStatus"));
    tableBar->addWidget(status_);
    export_ = new QToolButton(bottom);
    export_->setObjectName(QStringLiteral("export"));
    export_->setText(tr("Export"));
    export_->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(export_);
    exportMenu->addAction(tr("Wait chart as PNG or PDF…"), this,
                          [this] { exportChartInteractively(BackoffChartsWidget::Chart::waits); });
    exportMenu->addAction(tr("Start-time chart as PNG or PDF…"), this, [this] {
        exportChartInteractively(BackoffChartsWidget::Chart::cumulative);
    });
    exportMenu->addAction(tr("Schedule table as CSV…"), this,
                          &BackoffLabWidget::exportCsvInteractively);
    export_->setMenu(exportMenu);
    tableBar->addWidget(export_);
    bottomLayout->addLayout(tableBar);

    table_ = new QTableView(bottom);
    table_->setObjectName(QStringLiteral("scheduleTable"));
    table_->setModel(schedule_);
    table_->verticalHeader()->hide();
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    bottomLayout->addWidget(table_);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    return splitter;
}

QString BackoffLabWidget::presetName(Preset preset)
{
    switch (preset) {
    case Preset::cosyTest:
        return tr("Cosy's test: limit(linear(100ms),10), ttl 100 ms");
    case Preset::goExponential:
        return tr("Go library: exponential(16ms,1s), and limited to 5 retries");
    case Preset::awsComparison:
        return tr("AWS blog: exponential against the three jitters, ttl 5 s");
    case Preset::linearAgainstExponential:
        return tr("Linear 100 ms against exponential(16ms,1s)");
    }
    return {};
}

void BackoffLabWidget::applyPreset(Preset preset)
{
    const PresetContent content = presetContent(preset);
    {
        const QSignalBlocker blockAttempts(attempts_);
        attempts_->setValue(content.attempts);
    }
    ttl_->setText(durationText(content.ttl));
    {
        const QSignalBlocker blockDeadline(deadlineEdit_);
        deadlineEdit_->clear();
    }
    ttlValue_ = content.ttl;
    deadline_ = content.ttl;
    settingsError_->clear();
    strategies_->clear();
    for (const QString &spec : content.specs) {
        const auto strategy = redislock::parseRetryStrategy(spec.toStdString());
        strategies_->addStrategy(spec, *strategy);
    }
    setCurrentRow(0);
    refresh();
}

int BackoffLabWidget::addStrategy(const QString &spec)
{
    const auto strategy = redislock::parseRetryStrategy(spec.toStdString());
    if (!strategy) {
        editor_->setSpec(spec);
        return -1;
    }
    const int row = strategies_->addStrategy(spec, *strategy);
    setCurrentRow(row);
    refresh();
    return row;
}

void BackoffLabWidget::removeStrategy(int row)
{
    if (row < 0 || row >= strategies_->rowCount())
        return;
    strategies_->removeStrategy(row);
    if (strategies_->rowCount() > 0)
        setCurrentRow(std::min(row, strategies_->rowCount() - 1));
    onSelectionChanged();
}

int BackoffLabWidget::currentRow() const
{
    const QModelIndex current = list_->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void BackoffLabWidget::setCurrentRow(int row)
{
    if (row < 0 || row >= strategies_->rowCount())
        return;
    list_->selectionModel()->setCurrentIndex(strategies_->index(row),
                                             QItemSelectionModel::ClearAndSelect);
}

void BackoffLabWidget::setTtl(std::chrono::nanoseconds ttl)
{
    ttl_->setText(durationText(ttl));
    onSettingsEdited();
}

void BackoffLabWidget::setDeadline(std::optional<std::chrono::nanoseconds> deadline)
{
    deadlineEdit_->setText(deadline ? durationText(*deadline) : QString());
}

void BackoffLabWidget::setAttempts(int attempts)
{
    attempts_->setValue(attempts);
}

int BackoffLabWidget::attempts() const
{
    return attempts_->value();
}

void BackoffLabWidget::onSelectionChanged()
{
    const int row = currentRow();
    editor_->setEnabled(row >= 0);
    remove_->setEnabled(row >= 0);
    if (row >= 0)
        editor_->setSpec(strategies_->spec(row));
    refresh();
}

void BackoffLabWidget::onStrategyEdited(const QString &spec,
                                        const redislock::RetryStrategy &strategy)
{
    const int row = currentRow();
    if (row < 0) {
        setCurrentRow(strategies_->addStrategy(spec, strategy));
        return;
    }
    strategies_->setStrategy(row, spec, strategy);
    refresh();
}

void BackoffLabWidget::onSettingsEdited()
{
    const auto ttl = redislock::parseDuration(ttl_->text().trimmed().toStdString());
    if (!ttl || *ttl < 1ms) {
        settingsError_->setText(
            ttl ? tr("TTL: a lock needs at least 1 ms")
                : tr("TTL: %1").arg(QString::fromStdString(ttl.error().message())));
        return;
    }
    std::chrono::nanoseconds deadline = *ttl;
    const QString deadlineText = deadlineEdit_->text().trimmed();
    if (!deadlineText.isEmpty()) {
        const auto parsed = redislock::parseDuration(deadlineText.toStdString());
        if (!parsed) {
            settingsError_->setText(
                tr("Deadline: %1").arg(QString::fromStdString(parsed.error().message())));
            return;
        }
        deadline = *parsed;
    }
    settingsError_->clear();
    ttlValue_ = *ttl;
    deadline_ = deadline;
    refresh();
}

void BackoffLabWidget::fillBand(BackoffChartsWidget::Series &series, std::size_t attempts) const
{
    const auto spec = StrategySpec::fromText(series.label);
    if (!spec || !StrategySpec::isJitter(spec->waitKind()))
        return;
    StrategySpec seeded = *spec;
    for (int seed = 1; seed <= bandSeeds; ++seed) {
        seeded.seed = static_cast<std::uint64_t>(seed);
        const auto strategy = redislock::parseRetryStrategy(seeded.text().toStdString());
        if (!strategy)
            return;
        const auto schedule = redislock::computeSchedule(*strategy, attempts, deadline_);
        for (std::size_t i = 0; i < schedule.waits.size(); ++i) {
            const double wait =
                std::chrono::duration<double, std::milli>(schedule.waits[i]).count();
            const double start =
                std::chrono::duration<double, std::milli>(schedule.startsAt[i]).count();
            const auto at = static_cast<qsizetype>(i);
            if (at == series.waitLow.size()) {
                series.waitLow.append(wait);
                series.waitHigh.append(wait);
                series.startLow.append(start);
                series.startHigh.append(start);
                continue;
            }
            series.waitLow[at] = std::min(series.waitLow[at], wait);
            series.waitHigh[at] = std::max(series.waitHigh[at], wait);
            series.startLow[at] = std::min(series.startLow[at], start);
            series.startHigh[at] = std::max(series.startHigh[at], start);
        }
    }
}

QString BackoffLabWidget::summary() const
{
    return summary_->text();
}

QString BackoffLabWidget::summarize(const redislock::RetrySchedule &schedule, int attemptsShown)
{
    const QString deadline = displayDuration(schedule.deadline);
    const std::size_t made = schedule.attemptsBeforeDeadline;
    if (schedule.cutByDeadline()) {
        if (schedule.strategyStopped)
            return tr("The deadline (%1) ends retrying after %2; the strategy allowed %3.")
                .arg(deadline, attemptsText(made))
                .arg(schedule.attemptsAllowed());
        return tr("The deadline (%1) ends retrying after %2; the strategy alone would go on "
                  "past the %3 shown.")
            .arg(deadline, attemptsText(made), attemptsText(std::size_t(attemptsShown)));
    }
    if (schedule.strategyStopped) {
        if (schedule.attemptsAllowed() == 1)
            return tr("No retries: one attempt, then \"not obtained\". The deadline (%1) plays "
                      "no part.")
                .arg(deadline);
        return tr("The strategy ends retrying after %1, the last starting at %2, before the "
                  "deadline (%3).")
            .arg(attemptsText(schedule.attemptsAllowed()),
                 displayDuration(schedule.startsAt.back()), deadline);
    }
    const QString last = schedule.startsAt.empty() ? displayDuration(std::chrono::nanoseconds(0))
                                                   : displayDuration(schedule.startsAt.back());
    return tr("All %1 shown start before the deadline (%2), the last at %3; show more attempts "
              "to see where the deadline cuts in.")
        .arg(attemptsText(std::size_t(attemptsShown)), deadline, last);
}

void BackoffLabWidget::refresh()
{
    const int current = currentRow();
    const auto attempts = static_cast<std::size_t>(attempts_->value());
    QList<BackoffChartsWidget::Series> series;
    std::optional<redislock::RetrySchedule> selected;
    for (int row = 0; row < strategies_->rowCount(); ++row) {
        const bool shown = strategies_->isShown(row);
        if (!shown && row != current)
            continue;
        // Drawn once and shared by the charts and the table, so that a jitter strategy without
        // a seed shows the same draw in both.
        redislock::RetrySchedule schedule =
            redislock::computeSchedule(strategies_->drawnStrategy(row), attempts, deadline_);
        if (row == current)
            selected = schedule;
        if (!shown)
            continue;
        BackoffChartsWidget::Series entry;
        entry.label = strategies_->spec(row);
        entry.colour = strategies_->colour(row);
        entry.schedule = std::move(schedule);
        entry.selected = row == current;
        series.append(std::move(entry));
        if (row == current && band_->isChecked())
            fillBand(series.last(), attempts);
    }
    charts_->setSeries(series, deadline_, attempts_->value());
    if (selected) {
        schedule_->setSchedule(strategies_->spec(current), *selected);
        tableTitle_->setText(tr("Schedule of %1").arg(strategies_->spec(current)));
        QString summary = summarize(*selected, attempts_->value());
        // The schedule of notify(SPEC) is SPEC's: what differs is that each wait ends early.
        if (strategies_->strategy(current).waitsForRelease())
            summary.prepend(tr("Each wait lasts until the key is released, at most as long as "
                               "shown: the times are the latest each attempt starts. "));
        summary_->setText(summary);
        setSummaryIcon(selected->cutByDeadline() ? QStyle::SP_MessageBoxWarning
                                                 : QStyle::SP_MessageBoxInformation);
    } else {
        schedule_->clear();
        tableTitle_->setText(tr("Schedule"));
        summary_->setText(tr("Add a strategy to see its schedule."));
        setSummaryIcon(QStyle::SP_MessageBoxInformation);
    }
}

void BackoffLabWidget::setSummaryIcon(QStyle::StandardPixmap icon)
{
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    summaryIcon_->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(size, size));
}

bool BackoffLabWidget::exportChart(BackoffChartsWidget::Chart chart, const QString &path)
{
    const bool ok = charts_->exportChart(chart, path);
    status_->setText(ok ? tr("Saved %1").arg(QFileInfo(path).fileName())
                        : tr("Could not save %1").arg(QFileInfo(path).fileName()));
    return ok;
}

bool BackoffLabWidget::exportScheduleCsv(const QString &path)
{
    QSaveFile file(path);
    const bool ok =
        file.open(QIODevice::WriteOnly) && file.write(schedule_->toCsv()) >= 0 && file.commit();
    status_->setText(
        ok ? tr("Saved %1").arg(QFileInfo(path).fileName())
           : tr("Could not save %1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
    return ok;
}

void BackoffLabWidget::exportChartInteractively(BackoffChartsWidget::Chart chart)
{
    const QString name = chart == BackoffChartsWidget::Chart::waits
                             ? QStringLiteral("backoff-waits.png")
                             : QStringLiteral("backoff-starts.png");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart"), name, tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (!path.isEmpty())
        exportChart(chart, path);
}

void BackoffLabWidget::exportCsvInteractively()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export schedule"),
                                                      QStringLiteral("backoff-schedule.csv"),
                                                      tr("CSV file (*.csv)"));
    if (!path.isEmpty())
        exportScheduleCsv(path);
}
