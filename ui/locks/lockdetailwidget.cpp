#include "locks/lockdetailwidget.h"

#include "common/bytetext.h"
#include "locks/historytext.h"
#include "locks/historytimelinewidget.h"
#include "locks/lockhistoryfeed.h"
#include "locks/locktext.h"
#include "qcustomplotinclude.h"
#include "session/rediscommandtext.h"

#include <redislock/lockscripts.h>

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 replotIntervalMs = 500;
constexpr int valueLines = 10;
constexpr int metadataLines = 12;
constexpr int commandLines = 8;

// The script as an EVAL argument: without its comments (the argument contract that opens it
// would make every pasted command a screen long), on one line when no "--" is left that a
// line break would have ended.
QByteArray scriptForEval(redislock::LockScript script)
{
    const std::string_view source = redislock::scriptSource(script);
    QByteArrayList lines;
    for (const QByteArray &line : QByteArray(source.data(), qsizetype(source.size())).split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith("--"))
            lines.append(trimmed);
    }
    const bool oneLine = std::none_of(lines.cbegin(), lines.cend(),
                                      [](const QByteArray &line) { return line.contains("--"); });
    return lines.join(oneLine ? ' ' : '\n');
}

QLabel *selectableLabel(QWidget *parent, bool monospace = false)
{
    auto *label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    // The pane's width decides, not the text's: a word longer than the pane (a Redisson client
    // id, an auxiliary key) would otherwise widen the content past the scroll area, cutting off
    // every other row at its right.
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    if (monospace)
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return label;
}

QPlainTextEdit *textView(QWidget *parent, int lines)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    view->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    const QFontMetrics metrics(view->font());
    view->setMaximumHeight(metrics.lineSpacing() * lines + 2 * view->frameWidth() + 8);
    return view;
}

// Pixels of one hex dump line of that many bytes.
int hexLineWidth(const QFont &font, int bytesPerLine)
{
    return QFontMetrics(font).horizontalAdvance(
        hexDump(QByteArray(bytesPerLine, 'x'), bytesPerLine).trimmed());
}

QLabel *sectionLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

LockDetailWidget::LockDetailWidget(QWidget *parent) : QWidget(parent)
{
    m_stack = new QStackedWidget(this);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    m_placeholder = new QLabel(tr("Select a lock to see its value, metadata, TTL history "
                                  "and the commands its actions run."),
                               m_stack);
    m_placeholder->setObjectName(QStringLiteral("placeholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);
    m_placeholder->setMargin(12);
    m_stack->addWidget(m_placeholder);

    auto *scroll = new QScrollArea(m_stack);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *content = new QWidget(scroll);
    scroll->setWidget(content);
    m_stack->addWidget(scroll);

    auto *layout = new QVBoxLayout(content);
    m_keyLabel = selectableLabel(content);
    m_keyLabel->setObjectName(QStringLiteral("keyLabel"));
    QFont keyFont = m_keyLabel->font();
    keyFont.setBold(true);
    keyFont.setPointSizeF(keyFont.pointSizeF() * 1.15);
    m_keyLabel->setFont(keyFont);
    layout->addWidget(m_keyLabel);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_formatLabel = selectableLabel(content);
    m_tokenLabel = selectableLabel(content, true);
    m_tokenLabel->setObjectName(QStringLiteral("tokenLabel"));
    m_tokenLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_ttlLabel = selectableLabel(content);
    m_ttlLabel->setObjectName(QStringLiteral("ttlLabel"));
    m_ageLabel = selectableLabel(content);
    m_refreshesLabel = selectableLabel(content);
    m_heldLabel = selectableLabel(content);
    m_sizeLabel = selectableLabel(content);
    m_sizeLabel->setObjectName(QStringLiteral("sizeLabel"));
    // What the lock's format reveals: its holder(s), and why the bytes were read as that format.
    m_holderLabel = selectableLabel(content, true);
    m_holderLabel->setObjectName(QStringLiteral("holderLabel"));
    m_evidenceLabel = selectableLabel(content);
    m_evidenceLabel->setObjectName(QStringLiteral("evidenceLabel"));
    m_evidenceLabel->setWordWrap(true);
    form->addRow(tr("Format:"), m_formatLabel);
    form->addRow(tr("Evidence:"), m_evidenceLabel);
    form->addRow(tr("Holder:"), m_holderLabel);
    form->addRow(tr("Token:"), m_tokenLabel);
    form->addRow(tr("TTL:"), m_ttlLabel);
    m_ageLabel->setObjectName(QStringLiteral("ageLabel"));
    form->addRow(tr("Seen for:"), m_ageLabel);
    form->addRow(tr("Refreshes:"), m_refreshesLabel);
    form->addRow(tr("Held:"), m_heldLabel);
    form->addRow(tr("Size:"), m_sizeLabel);
    m_nodeLabel = selectableLabel(content);
    m_nodeLabel->setObjectName(QStringLiteral("nodeLabel"));
    m_nodeCaption = new QLabel(tr("Node:"), content);
    form->addRow(m_nodeCaption, m_nodeLabel);
    m_anomaliesLabel = selectableLabel(content);
    m_anomaliesLabel->setObjectName(QStringLiteral("anomaliesLabel"));
    m_anomaliesLabel->setTextFormat(Qt::RichText);
    m_anomaliesCaption = new QLabel(tr("Anomalies:"), content);
    form->addRow(m_anomaliesCaption, m_anomaliesLabel);
    m_anomaliesCaption->hide();
    m_anomaliesLabel->hide();
    layout->addLayout(form);
    // What the figures above cannot know; it changes with the lock, not with every tick, so
    // the ticking labels stay one short line each.
    m_unknownNote = selectableLabel(content);
    m_unknownNote->setObjectName(QStringLiteral("unknownNote"));
    m_unknownNote->setEnabled(false);
    layout->addWidget(m_unknownNote);

    auto *commandsHeader = new QHBoxLayout;
    commandsHeader->addWidget(sectionLabel(tr("Commands"), content));
    commandsHeader->addStretch();
    m_copyButton = new QToolButton(content);
    m_copyButton->setObjectName(QStringLiteral("copyCommandsButton"));
    m_copyButton->setText(tr("Cop&y"));
    m_copyButton->setToolTip(tr("Copy a command, ready to paste into redis-cli"));
    m_copyButton->setPopupMode(QToolButton::InstantPopup);
    m_copyButton->setMenu(new QMenu(m_copyButton));
    m_copyButton->setEnabled(false);
    commandsHeader->addWidget(m_copyButton);
    layout->addLayout(commandsHeader);
    m_commandsView = textView(content, commandLines);
    m_commandsView->setObjectName(QStringLiteral("commandsView"));
    m_commandsView->setPlaceholderText(tr("No actions for this lock"));
    layout->addWidget(m_commandsView);

    // What happened to this lock while the app watched: its holders, the TTL saw-tooth, and
    // what the history flagged, right after what can be done about it.
    auto *timelineHeader = new QHBoxLayout;
    timelineHeader->addWidget(sectionLabel(tr("Timeline"), content));
    timelineHeader->addStretch();
    m_timelineSpan = new QComboBox(content);
    m_timelineSpan->setObjectName(QStringLiteral("timelineSpan"));
    for (const int minutes : {1, 5, 15, 60})
        m_timelineSpan->addItem(
            minutes < 60 ? tr("last %n minute(s)", nullptr, minutes) : tr("last hour"), minutes);
    m_timelineSpan->setCurrentIndex(1);
    m_timelineSpan->setToolTip(tr("How far back the timeline goes"));
    timelineHeader->addWidget(m_timelineSpan);
    layout->addLayout(timelineHeader);
    m_timeline = new HistoryTimelineWidget(content);
    m_timeline->setObjectName(QStringLiteral("lockTimeline"));
    m_timeline->setTtlLane(true);
    m_timeline->setPlaceholderText(tr("Nothing observed yet"));
    layout->addWidget(m_timeline);
    auto *legend = new QLabel(HistoryTimelineWidget::legendHtml(), content);
    legend->setObjectName(QStringLiteral("timelineLegend"));
    legend->setTextFormat(Qt::RichText);
    legend->setWordWrap(true);
    layout->addWidget(legend);
    m_anomalyList = selectableLabel(content);
    m_anomalyList->setObjectName(QStringLiteral("anomalyList"));
    m_anomalyList->setTextFormat(Qt::RichText);
    m_anomalyList->setWordWrap(true);
    layout->addWidget(m_anomalyList);
    connect(m_timelineSpan, &QComboBox::currentIndexChanged, this, [this] {
        m_timeline->setSpan(std::chrono::minutes(m_timelineSpan->currentData().toInt()));
    });

    // Replication is asynchronous: a lock its master's replicas do not hold yet is lost by a
    // failover now. Asked on demand, since it costs a round trip to every replica.
    auto *replicaHeader = new QHBoxLayout;
    replicaHeader->addWidget(sectionLabel(tr("Replicas"), content));
    replicaHeader->addStretch();
    m_replicaButton = new QPushButton(tr("Check replicas"), content);
    m_replicaButton->setObjectName(QStringLiteral("replicaButton"));
    m_replicaButton->setToolTip(tr("Ask every replica of this lock's master whether it holds "
                                   "the same value: a lock no replica holds yet is lost if "
                                   "the master fails over now"));
    replicaHeader->addWidget(m_replicaButton);
    layout->addLayout(replicaHeader);
    m_replicaLabel = selectableLabel(content);
    m_replicaLabel->setObjectName(QStringLiteral("replicaLabel"));
    m_replicaLabel->setWordWrap(true);
    layout->addWidget(m_replicaLabel);
    connect(m_replicaButton, &QPushButton::clicked, this, [this] {
        if (!m_hasLock)
            return;
        m_replicaLabel->setText(tr("Asking the replicas…"));
        m_replicaButton->setEnabled(false);
        Q_EMIT replicaCheckRequested(m_info.snapshot);
    });

    // What the lock's library keeps beside it (fence counters, Redisson's token and queue keys,
    // python-redis-lock's signal list): read when the lock is shown, since it costs one round
    // trip of reads.
    layout->addWidget(sectionLabel(tr("Auxiliary keys"), content));
    m_auxLabel = selectableLabel(content);
    m_auxLabel->setObjectName(QStringLiteral("auxLabel"));
    m_auxLabel->setWordWrap(true);
    layout->addWidget(m_auxLabel);

    auto *valueHeader = new QHBoxLayout;
    valueHeader->addWidget(sectionLabel(tr("Value"), content));
    valueHeader->addStretch();
    m_hexBox = new QCheckBox(tr("He&x"), content);
    m_hexBox->setObjectName(QStringLiteral("hexBox"));
    m_hexBox->setToolTip(tr("Show the value as a hex dump"));
    valueHeader->addWidget(m_hexBox);
    layout->addLayout(valueHeader);
    m_valueView = textView(content, valueLines);
    m_valueView->setObjectName(QStringLiteral("valueView"));
    layout->addWidget(m_valueView);
    connect(m_hexBox, &QCheckBox::toggled, this, [this] { showValue(); });

    layout->addWidget(sectionLabel(tr("Metadata"), content));
    m_metadataView = textView(content, metadataLines);
    m_metadataView->setObjectName(QStringLiteral("metadataView"));
    m_metadataView->setPlaceholderText(tr("No metadata"));
    layout->addWidget(m_metadataView);
    // Narrower than a hex line of 8 bytes, the ASCII column would go out of sight.
    const int hexWidth = hexLineWidth(m_valueView->font(), 8) +
                         2 * int(m_valueView->document()->documentMargin()) +
                         2 * m_valueView->frameWidth() + layout->contentsMargins().left() +
                         layout->contentsMargins().right() + 4;
    setMinimumWidth(hexWidth);

    layout->addWidget(sectionLabel(tr("TTL history"), content));
    m_sparkline = new QCustomPlot(content);
    m_sparkline->setObjectName(QStringLiteral("sparkline"));
    m_sparkline->setFixedHeight(110);
    m_sparkline->setNoAntialiasingOnDrag(true);
    m_sparkline->addGraph();
    m_sparkline->xAxis->setLabel(tr("seconds (0 = now)"));
    m_sparkline->yAxis->setLabel(tr("TTL (s)"));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    for (QCPAxis *axis : {m_sparkline->xAxis, m_sparkline->yAxis}) {
        axis->setTickLabelFont(small);
        axis->setLabelFont(small);
        axis->setPadding(0);
    }
    m_sparkline->axisRect()->setMargins(QMargins(0, 0, 0, 0));
    m_sparkline->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom);
    layout->addWidget(m_sparkline);
    m_sparklineNote = new QLabel(content);
    m_sparklineNote->setObjectName(QStringLiteral("sparklineNote"));
    m_sparklineNote->setEnabled(false);
    layout->addWidget(m_sparklineNote);
    applyPlotPalette();

    layout->addStretch();
}

void LockDetailWidget::setLock(const LockTableModel::RowInfo &info)
{
    const bool sameLock =
        m_hasLock && info.snapshot.key == m_info.snapshot.key &&
        info.snapshot.value == m_info.snapshot.value &&
        info.snapshot.format == m_info.snapshot.format &&
        info.snapshot.extra().hash == m_info.snapshot.extra().hash &&
        info.snapshot.extra().signalLength == m_info.snapshot.extra().signalLength;
    m_info = info;
    m_hasLock = true;
    if (!sameLock) {
        const LockSnapshot &lock = m_info.snapshot;
        m_stack->setCurrentIndex(1);
        m_keyLabel->setText(displayBytes(lock.key));
        m_keyLabel->setToolTip(elidedToolTip(m_keyLabel->text()));
        m_formatLabel->setText(LockText::formatName(lock.format));
        m_evidenceLabel->setText(LockText::evidence(lock.evidenceClauses()));
        const QString holder = LockText::holderDetails(lock.holderFacts());
        m_holderLabel->setText(holder.isEmpty() ? tr("—") : holder);
        m_tokenLabel->setText(lock.tokenLength > 0 ? displayBytes(lock.token()) : tr("—"));
        const QLocale locale;
        const qsizetype fields = lock.extra().hash.size();
        if (lock.type() == "hash")
            // A hash has no value bytes ("0 bytes" would read as empty): its size is its fields.
            // Spelled out rather than "%n field(s)": English needs no .qm file to read well.
            m_sizeLabel->setText(
                !lock.extra().hashComplete
                    ? tr("%1 fields read of a larger hash").arg(locale.toString(fields))
                : fields == 1 ? tr("1 field")
                              : tr("%1 fields").arg(locale.toString(fields)));
        else
            m_sizeLabel->setText(
                lock.truncated()
                    ? tr("%1 bytes (the first %2 read)")
                          .arg(locale.toString(lock.valueSize), locale.toString(lock.value.size()))
                    : tr("%1 bytes").arg(locale.toString(lock.valueSize)));
        showValue();
        const bool raw = lock.format == redislock::LockFormat::raw;
        m_metadataView->setPlainText(raw ? QString() : prettyMetadata(lock.metadata()));
        m_metadataView->setPlaceholderText(raw ? tr("A raw value has no metadata")
                                               : tr("No metadata"));
        if (raw)
            m_metadataView->clear();
        m_plottedHistory = -1;
        m_timeline->setKeys({lock.key});
        updateAnomalies();
        // The last answer was about another holder.
        m_replicaLabel->setText(tr("Not checked yet."));
        m_replicaButton->setEnabled(true);
        m_auxLabel->setText(tr("Reading…"));
        Q_EMIT auxKeysRequested(lock);
    }
    updateLive();
    updateSparkline(!sameLock);
}

void LockDetailWidget::setHistory(const LockHistoryFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    m_timeline->setFeed(feed);
    if (feed) {
        connect(feed, &LockHistoryFeed::anomaliesChanged, this,
                [this](const QList<QByteArray> &keys) {
                    if (m_hasLock && keys.contains(m_info.snapshot.key))
                        updateAnomalies();
                });
        connect(feed, &LockHistoryFeed::cleared, this, &LockDetailWidget::updateAnomalies);
    }
    updateAnomalies();
}

void LockDetailWidget::updateAnomalies()
{
    const redislock::KeyHistory *history =
        m_feed && m_hasLock ? m_feed->find(m_info.snapshot.key) : nullptr;
    const bool any = history && history->anomalous();
    m_anomaliesCaption->setVisible(any);
    m_anomaliesLabel->setVisible(any);
    m_anomalyList->setVisible(any);
    if (!any) {
        m_anomaliesLabel->clear();
        m_anomalyList->clear();
        return;
    }
    QStringList names;
    QStringList items;
    // Newest first: the one that brought the operator here is on top.
    for (auto anomaly = history->anomalies.crbegin(); anomaly != history->anomalies.crend();
         ++anomaly) {
        const QString name = HistoryText::anomalyName(anomaly->kind);
        if (!names.contains(name))
            names.append(name);
        items.append(QStringLiteral("<li><b>%1</b> %2 · %3<br/>%4</li>")
                         .arg(name.toHtmlEscaped(), HistoryText::clock(anomaly->at),
                              HistoryText::anomalyDetail(*anomaly).toHtmlEscaped(),
                              HistoryText::anomalyMeaning(anomaly->kind).toHtmlEscaped()));
    }
    m_anomaliesLabel->setText(QStringLiteral("<span style='color:#e8590c'>%1</span>")
                                  .arg(names.join(QStringLiteral(", ")).toHtmlEscaped()));
    m_anomalyList->setText(QStringLiteral("<ul style='margin-left:0px; -qt-list-indent:1'>%1</ul>")
                               .arg(items.join(QString())));
}

QString LockDetailWidget::anomalyText() const
{
    if (m_anomalyList->isHidden())
        return {};
    QTextDocument document;
    document.setHtml(m_anomalyList->text());
    return document.toPlainText().trimmed();
}

void LockDetailWidget::clearLock()
{
    m_hasLock = false;
    m_info = {};
    m_timeline->setKeys({});
    updateAnomalies();
    m_stack->setCurrentIndex(0);
    setCommandPreviews({});
}

void LockDetailWidget::setPlaceholderText(const QString &text)
{
    m_placeholder->setText(text);
}

QString LockDetailWidget::placeholderText() const
{
    return m_placeholder->text();
}

void LockDetailWidget::setCommandPreviews(const QList<std::pair<QString, QString>> &labelAndCommand)
{
    m_commands.clear();
    QStringList blocks;
    blocks.reserve(labelAndCommand.size());
    for (const auto &[label, command] : labelAndCommand) {
        m_commands.append({label, runnableCommand(command)});
        blocks.append(label + u'\n' + m_commands.last().second);
    }
    m_commandsView->setPlainText(blocks.join(QStringLiteral("\n\n")));
    updateCopyMenu();
}

QString LockDetailWidget::runnableCommand(const QString &command)
{
    static constexpr QStringView evalsha = u"EVALSHA ";
    if (!command.startsWith(evalsha))
        return command;
    const qsizetype shaEnd = command.indexOf(u' ', evalsha.size());
    const QStringView sha = QStringView(command).sliced(
        evalsha.size(), (shaEnd < 0 ? command.size() : shaEnd) - evalsha.size());
    for (const auto script : {redislock::LockScript::obtain, redislock::LockScript::refresh,
                              redislock::LockScript::release, redislock::LockScript::pttl,
                              redislock::LockScript::forceRelease}) {
        const std::string_view sha1 = redislock::scriptSha1(script);
        if (sha == QLatin1StringView(sha1.data(), qsizetype(sha1.size())))
            return u"EVAL "_s + RedisCommandText::argument(scriptForEval(script)) +
                   (shaEnd < 0 ? QString() : command.sliced(shaEnd));
    }
    return command; // not a script of this app's: shown as sent
}

void LockDetailWidget::updateCopyMenu()
{
    QMenu *menu = m_copyButton->menu();
    menu->clear();
    for (const auto &[label, command] : std::as_const(m_commands)) {
        QAction *action = menu->addAction(tr("Copy the %1 command").arg(label));
        action->setData(command);
        connect(action, &QAction::triggered, this,
                [command] { QGuiApplication::clipboard()->setText(command); });
    }
    m_copyButton->setEnabled(!m_commands.isEmpty());
}

bool LockDetailWidget::hexView() const
{
    return m_hexBox->isChecked();
}

void LockDetailWidget::setHexView(bool hex)
{
    m_hexBox->setChecked(hex);
}

QString LockDetailWidget::prettyMetadata(const QByteArray &metadata)
{
    if (auto pretty = prettyJson(metadata))
        return *std::move(pretty);
    return displayBytes(metadata);
}

void LockDetailWidget::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        applyPlotPalette();
        m_sparkline->replot();
    }
}

void LockDetailWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_hasLock && m_hexBox->isChecked() && hexBytesPerLine() != m_shownBytesPerLine)
        showValue();
}

int LockDetailWidget::hexBytesPerLine() const
{
    // 16 bytes take 78 characters; 8 when that does not fit, so the ASCII column shows.
    const int available =
        m_valueView->viewport()->width() - 2 * int(m_valueView->document()->documentMargin()) - 2;
    return hexLineWidth(m_valueView->font(), 16) <= available ? 16 : 8;
}

void LockDetailWidget::showValue()
{
    const LockSnapshot &lock = m_info.snapshot;
    const bool hex = m_hexBox->isChecked();
    // A hex dump keeps its columns: no wrapping.
    m_valueView->setLineWrapMode(hex ? QPlainTextEdit::NoWrap : QPlainTextEdit::WidgetWidth);
    m_shownBytesPerLine = hex ? hexBytesPerLine() : 0;
    QString text = hex ? hexDump(lock.value, m_shownBytesPerLine) : displayBytes(lock.value);
    if (lock.truncated())
        text += hex ? tr("… (%1 more bytes not read)").arg(lock.valueSize - lock.value.size())
                    : QStringLiteral("…");
    m_valueView->setPlainText(text);
}

void LockDetailWidget::updateLive()
{
    const LockTableModel::RowInfo &info = m_info;
    switch (info.state) {
    case LockTableModel::State::live:
        m_ttlLabel->setText(
            info.leaseKnown
                ? tr("%1 of a %2 lease")
                      .arg(LockText::ttl(info.remainingMs), LockText::ttl(info.leaseMs))
                : tr("%1 of a lease of at least %2")
                      .arg(LockText::ttl(info.remainingMs), LockText::ttl(info.leaseMs)));
        break;
    case LockTableModel::State::noExpiry:
        m_ttlLabel->setText(info.stuck
                                ? tr("∞ no expiry: this lock is stuck until someone deletes it")
                                : tr("∞ no expiry (not a lock format, so not stuck)"));
        break;
    case LockTableModel::State::fadingExpired:
        m_ttlLabel->setText(tr("expired"));
        break;
    case LockTableModel::State::fadingDeleted:
        m_ttlLabel->setText(tr("deleted"));
        break;
    case LockTableModel::State::fadingVanished:
        m_ttlLabel->setText(tr("gone"));
        break;
    }
    m_ageLabel->setText(info.startSeen ? LockText::age(info.ageMs)
                                       : tr("at least %1").arg(LockText::age(info.ageMs)));
    QString unknown;
    if (!info.startSeen && !info.leaseKnown && info.state == LockTableModel::State::live)
        unknown = tr("Already held when this app first listed it: its age and lease are not "
                     "known, only that they are at least what is shown (the lease until a "
                     "refresh is seen).");
    else if (!info.startSeen)
        unknown = tr("Already held when this app first listed it: it may be older than shown.");
    if (m_unknownNote->text() != unknown)
        m_unknownNote->setText(unknown);
    m_unknownNote->setVisible(!unknown.isEmpty());
    m_refreshesLabel->setText(QString::number(info.refreshes));
    m_heldLabel->setText(info.held ? tr("yes, obtained by this app") : tr("no"));
    // The master and the slot mean something on a cluster only; a failover moves the node.
    const LockSnapshot &lock = info.snapshot;
    const bool cluster = lock.slot >= 0;
    m_nodeLabel->setText(cluster ? tr("%1 · slot %2").arg(lock.node).arg(lock.slot) : QString());
    m_nodeLabel->setVisible(cluster);
    m_nodeCaption->setVisible(cluster);
}

void LockDetailWidget::setReplicaCheck(const ReplicaCheck &check)
{
    if (!m_hasLock || check.key != m_info.snapshot.key || check.value != m_info.snapshot.value)
        return;
    m_replicaButton->setEnabled(true);
    if (!check.error.isEmpty()) {
        m_replicaLabel->setText(tr("The check failed: %1").arg(check.error));
        return;
    }
    if (check.replicas.isEmpty()) {
        m_replicaLabel->setText(
            tr("The master has no replicas: a failover has nothing to keep this lock on."));
        return;
    }
    QStringList lines;
    const QLocale locale;
    for (const ReplicaCopyState &copy : check.replicas) {
        QString verdict;
        switch (copy.verdict) {
        case ReplicaCopyState::Verdict::same:
            verdict = tr("holds the same value");
            break;
        case ReplicaCopyState::Verdict::notYet:
            verdict = tr("not yet: a failover now would lose this lock");
            break;
        case ReplicaCopyState::Verdict::differs:
            verdict = tr("holds a different value");
            break;
        case ReplicaCopyState::Verdict::unreachable:
            verdict = tr("unreachable: %1").arg(copy.error);
            break;
        }
        QStringList facts{verdict};
        if (copy.verdict == ReplicaCopyState::Verdict::same ||
            copy.verdict == ReplicaCopyState::Verdict::differs)
            facts << (copy.ttlMs == -1 ? tr("no expiry")
                                       : tr("ttl %1").arg(LockText::ttl(copy.ttlMs)));
        if (copy.lagBytes)
            facts << tr("lag %1 bytes").arg(locale.toString(*copy.lagBytes));
        lines << tr("%1: %2").arg(copy.node, facts.join(tr(" · ")));
    }
    m_replicaLabel->setText(lines.join(u'\n'));
}

void LockDetailWidget::setAuxKeys(const AuxKeyCheck &check)
{
    if (!m_hasLock || check.key != m_info.snapshot.key)
        return;
    if (!check.error.isEmpty()) {
        m_auxLabel->setText(tr("Could not be read: %1").arg(check.error));
        return;
    }
    if (check.keys.isEmpty()) {
        m_auxLabel->setText(tr("None"));
        return;
    }
    QStringList lines;
    for (const AuxKeyState &aux : check.keys)
        lines << tr("%1: %2 (%3)")
                     .arg(LockText::auxKind(aux.kind), displayBytes(aux.key),
                          aux.ttlMs == -1 ? tr("no expiry")
                                          : tr("ttl %1").arg(LockText::ttl(aux.ttlMs)));
    m_auxLabel->setText(lines.join(u'\n'));
}

QString LockDetailWidget::auxKeysText() const
{
    return m_auxLabel->text();
}

QString LockDetailWidget::replicaText() const
{
    return m_replicaLabel->text();
}

void LockDetailWidget::updateSparkline(bool force)
{
    const LockTableModel::RowInfo &info = m_info;
    if (!force && m_plottedHistory == info.history.size() && m_sinceReplot.isValid() &&
        m_sinceReplot.elapsed() < replotIntervalMs)
        return;
    m_plottedHistory = info.history.size();
    m_sinceReplot.start();

    QList<double> xs;
    QList<double> ys;
    const auto add = [&](qint64 atMs, qint64 ttlMs) {
        xs.append(double(atMs - info.nowMs) / 1000.0);
        ys.append(double(std::max<qint64>(ttlMs, 0)) / 1000.0);
    };
    for (qsizetype i = 0; i < info.history.size(); ++i) {
        const LockTableModel::TtlPoint &point = info.history[i];
        if (i > 0) {
            // A jump up (a refresh): draw the countdown down to it first, a sawtooth.
            const LockTableModel::TtlPoint &previous = info.history[i - 1];
            const qint64 predicted = previous.ttlMs - (point.atMs - previous.atMs);
            if (point.ttlMs > predicted + LockTimeline::refreshToleranceMs)
                add(point.atMs, predicted);
        }
        add(point.atMs, point.ttlMs);
    }
    if (info.state == LockTableModel::State::live && !info.history.isEmpty())
        add(info.nowMs, info.remainingMs);

    QString note;
    if (info.state == LockTableModel::State::noExpiry)
        note = tr("No expiry: nothing counts down.");
    else if (xs.isEmpty())
        note = tr("No TTL samples yet.");
    m_sparklineNote->setText(note);
    m_sparklineNote->setVisible(!note.isEmpty());
    m_sparkline->setVisible(note.isEmpty());

    m_sparkline->graph(0)->setData(xs, ys, true);
    const double oldest = xs.isEmpty() ? -10.0 : std::min(xs.first(), -10.0);
    m_sparkline->xAxis->setRange(oldest, 0.0);
    const double top = std::max({ys.isEmpty() ? 1.0 : *std::max_element(ys.begin(), ys.end()),
                                 double(info.leaseMs) / 1000.0, 0.001});
    m_sparkline->yAxis->setRange(0.0, top * 1.1);
    m_sparkline->replot(QCustomPlot::rpQueuedReplot);
}

void LockDetailWidget::applyPlotPalette()
{
    const QPalette palette = this->palette();
    const QColor text = palette.color(QPalette::Text);
    QColor subtle = text;
    subtle.setAlphaF(0.35f);
    m_sparkline->setBackground(palette.color(QPalette::Base));
    m_sparkline->axisRect()->setBackground(palette.color(QPalette::Base));
    for (QCPAxis *axis : {m_sparkline->xAxis, m_sparkline->yAxis}) {
        axis->setBasePen(QPen(subtle));
        axis->setTickPen(QPen(subtle));
        axis->setSubTickPen(QPen(subtle));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        QColor grid = text;
        grid.setAlphaF(0.1f);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    }
    QColor line = palette.color(QPalette::Highlight);
    QColor fill = line;
    fill.setAlphaF(0.25f);
    m_sparkline->graph(0)->setPen(QPen(line, 1.5));
    m_sparkline->graph(0)->setBrush(fill);
}
