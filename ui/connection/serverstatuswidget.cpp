#include "connection/serverstatuswidget.h"

#include "connection/connectionurl.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QTime>

#include <algorithm>

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor dotColour(ConnectionState state, bool dark)
{
    switch (state) {
    case ConnectionState::disconnected:
        return dark ? QColor(0x8a, 0x8a, 0x8a) : QColor(0x9e, 0x9e, 0x9e);
    case ConnectionState::connecting:
        return dark ? QColor(0xff, 0xc1, 0x07) : QColor(0xe0, 0xa1, 0x00);
    case ConnectionState::connected:
        return dark ? QColor(0x4c, 0xc3, 0x5a) : QColor(0x2e, 0x9d, 0x4f);
    case ConnectionState::reconnecting:
        return dark ? QColor(0xff, 0x70, 0x43) : QColor(0xe6, 0x51, 0x00);
    }
    return {};
}

QFrame *separator(QWidget *parent)
{
    auto *line = new QFrame(parent);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    return line;
}

} // namespace

ServerStatusWidget::ServerStatusWidget(QWidget *parent) : QWidget(parent)
{
    const auto label = [this](const char *objectName) {
        auto *l = new QLabel(this);
        l->setObjectName(QString::fromLatin1(objectName));
        l->setTextFormat(Qt::PlainText);
        return l;
    };
    dot_ = label("stateDot");
    stateLabel_ = label("stateLabel");
    urlLabel_ = label("urlLabel");
    versionLabel_ = label("versionLabel");
    roleLabel_ = label("roleLabel");
    dbLabel_ = label("dbLabel");
    latencyLabel_ = label("latencyLabel");
    latencyLabel_->setToolTip(tr("Round trip of the last PING"));
    updatesLabel_ = label("updatesLabel");
    noticeLabel_ = label("noticeLabel");
    noticeLabel_->hide();
    readOnlyBadge_ = label("readOnlyBadge");
    readOnlyBadge_->setText(tr("Read-only"));
    readOnlyBadge_->setToolTip(tr("Writes are off: obtain, refresh, release and delete are "
                                  "disabled."));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(dot_);
    layout->addWidget(stateLabel_);
    urlSeparator_ = separator(this);
    layout->addWidget(urlSeparator_);
    layout->addWidget(urlLabel_);
    auto *first = separator(this);
    layout->addWidget(first);
    serverWidgets_ = {first, versionLabel_, roleLabel_};
    layout->addWidget(versionLabel_);
    layout->addWidget(roleLabel_);
    for (QLabel *l : {dbLabel_, latencyLabel_, updatesLabel_}) {
        auto *line = separator(this);
        layout->addWidget(line);
        layout->addWidget(l);
        serverWidgets_ << line << l;
    }
    layout->addWidget(noticeLabel_);
    layout->addWidget(readOnlyBadge_);

    updateBadgeStyle();
    refresh();
}

ConnectionState ServerStatusWidget::state() const
{
    return state_;
}

bool ServerStatusWidget::isReadOnly() const
{
    return readOnly_ || profile_.readOnly;
}

QString ServerStatusWidget::latencyText(double latencyMs)
{
    const QLocale locale;
    const int decimals = latencyMs < 1 ? 2 : latencyMs < 10 ? 1 : 0;
    return tr("%1 ms").arg(locale.toString(latencyMs, 'f', decimals));
}

void ServerStatusWidget::setState(ConnectionState state, const QString &message)
{
    state_ = state;
    message_ = message;
    // What the server said belongs to the connection that said it.
    if (state == ConnectionState::disconnected || state == ConnectionState::connecting)
        hasInfo_ = false;
    refresh();
}

void ServerStatusWidget::setServerInfo(const ServerInfo &info)
{
    info_ = info;
    hasInfo_ = true;
    refresh();
}

void ServerStatusWidget::setNotice(const QString &text)
{
    noticeLabel_->setText(text);
    noticeLabel_->setToolTip(
        text.isEmpty() ? QString()
                       : tr("%1 (at %2)").arg(text, QTime::currentTime().toString(u"HH:mm:ss")));
    noticeLabel_->setVisible(!text.isEmpty());
}

void ServerStatusWidget::setProfile(const ConnectionProfile &profile)
{
    if (profile.url != profile_.url || profile.name != profile_.name)
        setNotice(QString()); // it was about the previous connection
    profile_ = profile;
    profile_.password.clear(); // not needed here; not kept
    refresh();
}

void ServerStatusWidget::setReadOnly(bool readOnly)
{
    readOnly_ = readOnly;
    refresh();
}

void ServerStatusWidget::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateDot();
        updateBadgeStyle();
    }
}

QString ServerStatusWidget::serverWord(const QString &word)
{
    // INFO still says "slave"; Redis itself calls them replicas now.
    if (word == u"master")
        return tr("master");
    if (word == u"slave" || word == u"replica")
        return tr("replica");
    if (word == u"standalone")
        return tr("standalone");
    if (word == u"cluster")
        return tr("cluster");
    if (word == u"sentinel")
        return tr("sentinel");
    return word;
}

void ServerStatusWidget::refresh()
{
    updateDot();

    QString stateText = connectionStateText(state_);
    if (!message_.isEmpty() && state_ != ConnectionState::connected) {
        // The reason matters most when not connected; long ones are cut, the tooltip has all.
        // A core error comes as a translated summary over the exact detail: the bar shows the
        // first line, the tooltip both.
        const QString full = tr("%1 — %2").arg(stateText, message_);
        stateLabel_->setToolTip(full);
        stateText = fontMetrics().elidedText(full.section(QLatin1Char('\n'), 0, 0), Qt::ElideRight,
                                             fontMetrics().averageCharWidth() * 60);
    } else {
        stateLabel_->setToolTip(QString());
    }
    stateLabel_->setText(stateText);

    const QString url = connectionurl::displayUrl(profile_.url);
    // A cluster's or Sentinel's URL lists every seed: cut in the middle, the tooltip has all.
    urlLabel_->setText(fontMetrics().elidedText(
        profile_.name.isEmpty() ? url : tr("%1 · %2").arg(profile_.name, url), Qt::ElideMiddle,
        fontMetrics().averageCharWidth() * 56));
    urlLabel_->setToolTip(url);
    const bool showUrl = !profile_.url.isEmpty() && state_ != ConnectionState::disconnected;
    urlLabel_->setVisible(showUrl);
    urlSeparator_->setVisible(showUrl);

    const bool showServer = hasInfo_ && (state_ == ConnectionState::connected ||
                                         state_ == ConnectionState::reconnecting);
    for (QWidget *widget : std::as_const(serverWidgets_)) {
        widget->setVisible(showServer);
        // While reconnecting the figures are the last known ones: shown, but greyed.
        widget->setEnabled(state_ == ConnectionState::connected);
    }
    if (hasInfo_) {
        versionLabel_->setText(tr("Redis %1").arg(info_.version));
        if (info_.deployment == redislock::Deployment::cluster) {
            // Not %n: its English plural needs a loaded translation to read well.
            roleLabel_->setText(
                tr("cluster · %1 · %2")
                    .arg(info_.masters == 1 ? tr("1 master") : tr("%1 masters").arg(info_.masters),
                         info_.replicas == 1 ? tr("1 replica")
                                             : tr("%1 replicas").arg(info_.replicas)));
            roleLabel_->setToolTip(tr("A Redis Cluster: locks are read and written on the "
                                      "master of each key's hash slot"));
        } else if (info_.deployment == redislock::Deployment::sentinel) {
            roleLabel_->setText(tr("sentinel %1 → %2").arg(info_.masterName, info_.masterAddress));
            roleLabel_->setToolTip(
                tr("The Sentinels name %1 as the master of %2; after a failover the reads and "
                   "writes follow the master they name")
                    .arg(info_.masterAddress, info_.masterName));
        } else {
            roleLabel_->setText(info_.mode.isEmpty() ? serverWord(info_.role)
                                                     : tr("%1, %2").arg(serverWord(info_.role),
                                                                        serverWord(info_.mode)));
            roleLabel_->setToolTip(
                tr("INFO replication role: %1; server mode: %2")
                    .arg(info_.role, info_.mode.isEmpty() ? tr("unknown") : info_.mode));
        }
        // Every key of the database, locks or not: it differs from the count of locks listed
        // (those under the pattern, and the fading ones still shown), so it says what it counts.
        // Not %Ln: its English plural needs a loaded translation to read well.
        dbLabel_->setText(
            info_.keys == 1
                ? tr("db %1: 1 key in total").arg(info_.db)
                : tr("db %1: %2 keys in total").arg(info_.db).arg(QLocale().toString(info_.keys)));
        dbLabel_->setToolTip(tr("All the keys in database %1 (INFO keyspace), not only those "
                                "under the pattern that the Locks tab lists")
                                 .arg(info_.db));
        latencyLabel_->setText(latencyText(info_.latencyMs));
        // Keyspace events are per node: with several masters, some may publish and some not.
        const bool perNode = info_.deployment != redislock::Deployment::standalone;
        if (perNode && info_.masters > 1 && info_.liveMasters > 0 &&
            info_.liveMasters < info_.masters) {
            updatesLabel_->setText(
                tr("Live on %1 of %2 masters").arg(info_.liveMasters).arg(info_.masters));
            updatesLabel_->setToolTip(
                tr("These masters do not publish what live updates need, or cannot be "
                   "listened to now, and are polled: %1")
                    .arg(info_.polledMasters.join(tr(", "))) +
                resyncNote());
        } else if (perNode ? info_.liveMasters > 0 : info_.keyspaceNotifications) {
            updatesLabel_->setText(tr("Live updates"));
            updatesLabel_->setToolTip(tr("The server publishes keyspace events: changes, "
                                         "expiries and deletions show at once.") +
                                      resyncNote());
        } else {
            // What polling costs in freshness: with many keys the command budget stretches
            // the re-read cycle, and the operator should know how old a TTL may be.
            updatesLabel_->setText(info_.resyncCycleMs > 0
                                       ? tr("Polling · TTLs re-read every ~%1 · budget %2/s")
                                             .arg(secondsText(info_.resyncCycleMs),
                                                  QLocale().toString(info_.resyncBudget))
                                       : tr("Polling"));
            updatesLabel_->setToolTip(
                tr("The server's notify-keyspace-events lacks what live updates need "
                   "(e.g. \"Egx\"): locks are re-read on a timer.") +
                resyncNote());
        }
    }
    readOnlyBadge_->setVisible(isReadOnly());
}

QString ServerStatusWidget::secondsText(qint64 ms)
{
    if (ms >= 120'000)
        return tr("%1 min").arg(QLocale().toString(double(ms) / 60000.0, 'f', 0));
    return tr("%1 s").arg(QLocale().toString(std::max<qint64>(1, (ms + 500) / 1000)));
}

QString ServerStatusWidget::resyncNote() const
{
    QString note;
    if (info_.resyncCycleMs > 0)
        note += u'\n' +
                tr("Each polled TTL is re-read about every %1, within a budget of %2 "
                   "commands a second to the server; the table counts down in between.")
                    .arg(secondsText(info_.resyncCycleMs), QLocale().toString(info_.resyncBudget));
    if (info_.sweepCycleMs > 0)
        note += u'\n' + tr("Keys that keyspace events follow are re-read only by a slow sweep, "
                           "about every %1, and when they are due to expire.")
                            .arg(secondsText(info_.sweepCycleMs));
    return note;
}

void ServerStatusWidget::updateDot()
{
    const int size = fontMetrics().height() * 2 / 3;
    const qreal ratio = devicePixelRatioF();
    QPixmap pixmap(QSize(size, size) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(dotColour(state_, isDark(palette())));
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
    painter.end();
    dot_->setPixmap(pixmap);
    dot_->setToolTip(connectionStateText(state_));
}

void ServerStatusWidget::updateBadgeStyle()
{
    const bool dark = isDark(palette());
    // A badge, not a label: it must catch the eye in a status bar full of grey text.
    noticeLabel_->setStyleSheet(
        dark ? QStringLiteral("QLabel { color: #ffb74d; font-weight: bold; }")
             : QStringLiteral("QLabel { color: #b35c00; font-weight: bold; }"));
    readOnlyBadge_->setStyleSheet(
        dark ? QStringLiteral("QLabel { background: #5a4300; color: #ffe08a; border: 1px solid "
                              "#8a6a10; border-radius: 3px; padding: 0px 5px; }")
             : QStringLiteral("QLabel { background: #fff3cd; color: #6b4400; border: 1px solid "
                              "#e0b34a; border-radius: 3px; padding: 0px 5px; }"));
}
