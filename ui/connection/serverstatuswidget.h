#pragma once

#include "connection/connectionprofile.h"
#include "connection/connectionstate.h"
#include "connection/serverinfo.h"

#include <QWidget>

class QLabel;

// The connection in the status bar: a coloured dot and the state (with the reason when it is
// not connected), the URL without password, then what the server said: version, role and mode,
// database and key count, PING latency, and whether changes arrive live (keyspace
// notifications) or by polling; a badge when writes are off. It only shows what it is given.
class ServerStatusWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ServerStatusWidget(QWidget *parent = nullptr);

    [[nodiscard]] ConnectionState state() const;
    [[nodiscard]] bool isReadOnly() const; // the app-wide flag or the profile's

    // "0.42 ms", "3.1 ms", "120 ms".
    [[nodiscard]] static QString latencyText(double latencyMs);

public Q_SLOTS:
    void setState(ConnectionState state, const QString &message = {});
    void setServerInfo(const ServerInfo &info);
    void setProfile(const ConnectionProfile &profile);
    void setReadOnly(bool readOnly);
    // Something the operator must not miss about this connection (a failover: another master
    // serves the keys now); it stays until the connection changes. Empty clears it.
    void setNotice(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    // INFO's role and mode words ("master", "standalone") in the operator's language.
    [[nodiscard]] static QString serverWord(const QString &word);
    // "20 s", "3 min": how often TTLs are re-read.
    [[nodiscard]] static QString secondsText(qint64 ms);
    // The tool tip's lines on how often TTLs are re-read (empty when unknown).
    [[nodiscard]] QString resyncNote() const;
    void updateDot();
    void updateBadgeStyle();

    QLabel *dot_ = nullptr;
    QLabel *stateLabel_ = nullptr;
    QWidget *urlSeparator_ = nullptr;
    QLabel *urlLabel_ = nullptr;
    QLabel *versionLabel_ = nullptr;
    QLabel *roleLabel_ = nullptr;
    QLabel *dbLabel_ = nullptr;
    QLabel *latencyLabel_ = nullptr;
    QLabel *updatesLabel_ = nullptr;
    QLabel *readOnlyBadge_ = nullptr;
    QLabel *noticeLabel_ = nullptr;
    QList<QWidget *> serverWidgets_; // shown once the server has told us about itself

    ConnectionState state_ = ConnectionState::disconnected;
    QString message_;
    ConnectionProfile profile_;
    ServerInfo info_;
    bool hasInfo_ = false;
    bool readOnly_ = false;
};
