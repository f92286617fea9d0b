#pragma once

#include "locks/locktablemodel.h"
#include "session/auxkeycheck.h"
#include "session/replicacheck.h"

#include <QElapsedTimer>
#include <QWidget>

#include <utility>

class HistoryTimelineWidget;
class LockHistoryFeed;
class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QToolButton;

// The detail pane of the locks view: the full key and value (bytes escaped where they are not
// UTF-8, or as a hex dump with its ASCII column), token, metadata pretty-printed in the holder's
// order when it is JSON, the live TTL, the commands of the actions in a form that runs in
// redis-cli anywhere (with a copy button), and a sparkline of the TTL history. Everything
// scrolls; the commands come right after the facts, so they stay in reach in a small window.
// It only shows what it is given: LocksWidget feeds it the selected row's
// LockTableModel::RowInfo, the main window the command previews (InspectorSession).
class LockDetailWidget : public QWidget
{
    Q_OBJECT

public:
    explicit LockDetailWidget(QWidget *parent = nullptr);

    // Shows a row. Called again for the same key and value (on every countdown tick), it only
    // updates the live figures, so a selection in the text fields survives.
    void setLock(const LockTableModel::RowInfo &info);
    void clearLock();
    [[nodiscard]] bool hasLock() const { return m_hasLock; }
    [[nodiscard]] LockSnapshot lock() const { return m_info.snapshot; }
    // What the pane says when it shows no lock.
    void setPlaceholderText(const QString &text);
    [[nodiscard]] QString placeholderText() const;

    // (label, command) of each action the current lock allows, in the order to show them, as
    // the app sends them. EVALSHA is shown as the EVAL of the script: the script cache is empty
    // after a restart, and a pasted EVALSHA then fails with NOSCRIPT.
    void setCommandPreviews(const QList<std::pair<QString, QString>> &labelAndCommand);
    // The commands as shown (and copied).
    [[nodiscard]] QList<std::pair<QString, QString>> commands() const { return m_commands; }
    // "EVALSHA <sha1 of a lock script> …" as "EVAL "<script>" …"; anything else unchanged.
    [[nodiscard]] static QString runnableCommand(const QString &command);

    // The replica check of the shown lock (whether a failover now would keep it), as the
    // session answered replicaCheckRequested(); ignored when it is for another key or value.
    void setReplicaCheck(const ReplicaCheck &check);
    // The replica check as shown, one line per replica; empty before one was asked.
    [[nodiscard]] QString replicaText() const;
    [[nodiscard]] QPushButton *replicaButton() const { return m_replicaButton; }

    // The history the Timeline section and the anomaly list read; null: none shown.
    void setHistory(const LockHistoryFeed *feed);
    [[nodiscard]] HistoryTimelineWidget *timeline() const { return m_timeline; }
    // The anomaly list as shown, one line per anomaly; empty when there is none.
    [[nodiscard]] QString anomalyText() const;
    // The auxiliary keys of the shown lock, as the session answered auxKeysRequested();
    // ignored when it is for another key.
    void setAuxKeys(const AuxKeyCheck &check);
    // The auxiliary keys as shown, one line each.
    [[nodiscard]] QString auxKeysText() const;

    [[nodiscard]] bool hexView() const;
    void setHexView(bool hex);

    // The metadata as shown: indented JSON, keys in the holder's order, when it is a JSON object
    // or array.
    [[nodiscard]] static QString prettyMetadata(const QByteArray &metadata);

Q_SIGNALS:
    // The operator asked whether the replicas of the lock's master hold it.
    void replicaCheckRequested(const LockSnapshot &lock);
    // A lock (or a new holder of it) is shown: its auxiliary keys are wanted.
    void auxKeysRequested(const LockSnapshot &lock);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void showValue();
    [[nodiscard]] int hexBytesPerLine() const;
    void updateLive();
    void updateSparkline(bool force);
    void applyPlotPalette();
    void updateCopyMenu();
    void updateAnomalies();

    LockTableModel::RowInfo m_info;
    bool m_hasLock = false;
    QElapsedTimer m_sinceReplot;
    qsizetype m_plottedHistory = -1;
    int m_shownBytesPerLine = 0;
    QList<std::pair<QString, QString>> m_commands;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_placeholder = nullptr;
    QLabel *m_keyLabel = nullptr;
    QLabel *m_formatLabel = nullptr;
    QLabel *m_tokenLabel = nullptr;
    QLabel *m_holderLabel = nullptr;
    QLabel *m_evidenceLabel = nullptr;
    QLabel *m_ttlLabel = nullptr;
    QLabel *m_ageLabel = nullptr;
    QLabel *m_refreshesLabel = nullptr;
    QLabel *m_unknownNote = nullptr;
    QLabel *m_heldLabel = nullptr;
    QLabel *m_sizeLabel = nullptr;
    QLabel *m_nodeCaption = nullptr;
    QLabel *m_nodeLabel = nullptr;
    QPushButton *m_replicaButton = nullptr;
    QLabel *m_replicaLabel = nullptr;
    QLabel *m_auxLabel = nullptr;
    QPlainTextEdit *m_valueView = nullptr;
    QCheckBox *m_hexBox = nullptr;
    QPlainTextEdit *m_metadataView = nullptr;
    QCustomPlot *m_sparkline = nullptr;
    QLabel *m_sparklineNote = nullptr;
    QPlainTextEdit *m_commandsView = nullptr;
    const LockHistoryFeed *m_feed = nullptr;
    HistoryTimelineWidget *m_timeline = nullptr;
    QComboBox *m_timelineSpan = nullptr;
    QLabel *m_anomaliesCaption = nullptr;
    QLabel *m_anomaliesLabel = nullptr; // the form's row: their names
    QLabel *m_anomalyList = nullptr;    // the Timeline section's list: when, what, figures
    QToolButton *m_copyButton = nullptr;
};
