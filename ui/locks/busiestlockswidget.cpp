#include "locks/busiestlockswidget.h"

#include "locks/historytimelinewidget.h"
#include "locks/lockhistoryfeed.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

constexpr int defaultCount = 20;

} // namespace

BusiestLocksWidget::BusiestLocksWidget(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *controls = new QHBoxLayout;
    controls->setSpacing(6);
    auto *spanLabel = new QLabel(tr("The busiest locks of the last"), this);
    m_spanCombo = new QComboBox(this);
    m_spanCombo->setObjectName(QStringLiteral("spanCombo"));
    for (const int minutes : {1, 5, 15, 60})
        m_spanCombo->addItem(minutes < 60 ? tr("%n minute(s)", nullptr, minutes) : tr("hour"),
                             minutes);
    m_spanCombo->setCurrentIndex(1);
    spanLabel->setBuddy(m_spanCombo);
    auto *countLabel = new QLabel(tr("at most"), this);
    m_countSpin = new QSpinBox(this);
    m_countSpin->setObjectName(QStringLiteral("countSpin"));
    m_countSpin->setRange(1, 200);
    m_countSpin->setValue(defaultCount);
    m_countSpin->setSuffix(tr(" locks"));
    countLabel->setBuddy(m_countSpin);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("busiestSummary"));
    m_summary->setEnabled(false);
    controls->addWidget(spanLabel);
    controls->addWidget(m_spanCombo);
    controls->addWidget(countLabel);
    controls->addWidget(m_countSpin);
    controls->addSpacing(12);
    controls->addWidget(m_summary, 1);
    layout->addLayout(controls);

    m_timeline = new HistoryTimelineWidget(this);
    m_timeline->setObjectName(QStringLiteral("busiestTimeline"));
    m_timeline->setKeyLabels(true);
    m_timeline->setPlaceholderText(
        tr("No lock was taken, refreshed or released in this time. Locks show up here as "
           "the inspector sees them change."));
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::StyledPanel);
    scroll->setWidget(m_timeline);
    layout->addWidget(scroll, 1);
    auto *legend =
        new QLabel(HistoryTimelineWidget::legendHtml() + QStringLiteral(" &nbsp; ") +
                       tr("Click a row to select the lock in the Locks tab.").toHtmlEscaped(),
                   this);
    legend->setObjectName(QStringLiteral("busiestLegend"));
    legend->setTextFormat(Qt::RichText);
    legend->setWordWrap(true);
    layout->addWidget(legend);

    connect(m_timeline, &HistoryTimelineWidget::keyClicked, this, &BusiestLocksWidget::lockChosen);
    connect(m_spanCombo, &QComboBox::currentIndexChanged, this, &BusiestLocksWidget::refresh);
    connect(m_countSpin, &QSpinBox::valueChanged, this, &BusiestLocksWidget::refresh);
    m_refresh.setInterval(1000);
    connect(&m_refresh, &QTimer::timeout, this, &BusiestLocksWidget::refresh);
    refresh();
}

void BusiestLocksWidget::setFeed(const LockHistoryFeed *feed)
{
    m_feed = feed;
    m_timeline->setFeed(feed);
    refresh();
}

QList<QByteArray> BusiestLocksWidget::keys() const
{
    return m_timeline->keys();
}

void BusiestLocksWidget::refresh()
{
    const std::chrono::minutes span(m_spanCombo->currentData().toInt());
    m_timeline->setSpan(span);
    QList<QByteArray> keys;
    if (m_feed) {
        redislock::HistoryTime since = m_feed->now();
        since.steady -= span;
        since.wall -= span;
        for (const redislock::KeyHistory *history :
             m_feed->history().busiest(std::size_t(m_countSpin->value()), since))
            keys.append(QByteArray(history->key.data(), qsizetype(history->key.size())));
    }
    m_timeline->setKeys(keys);
    const std::size_t watched = m_feed ? m_feed->history().size() : 0;
    m_summary->setText(tr("%n lock(s) shown", nullptr, int(keys.size())) + QStringLiteral(" · ") +
                       tr("%n key(s) with a history", nullptr, int(watched)));
    m_timeline->update();
}

void BusiestLocksWidget::showEvent(QShowEvent *event)
{
    refresh();
    m_refresh.start();
    QWidget::showEvent(event);
}

void BusiestLocksWidget::hideEvent(QHideEvent *event)
{
    m_refresh.stop();
    QWidget::hideEvent(event);
}
