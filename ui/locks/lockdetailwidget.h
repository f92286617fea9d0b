#pragma once

#include "locks/locktablemodel.h"

#include <QElapsedTimer>
#include <QWidget>

#include <utility>

class QCheckBox;
class QCustomPlot;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;

// The detail pane of the locks view: the full key and value (bytes escaped where they are not
// UTF-8, or as a hex dump), token, metadata pretty-printed when it is JSON, the live TTL, a
// sparkline of the TTL history, and the exact Redis command of each action. It only shows what
// it is given: LocksWidget feeds it the current row's LockTableModel::RowInfo, the main window
// the command previews (InspectorSession::commandPreview).
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

    // (label, command) of each action the current lock allows, in the order to show them.
    void setCommandPreviews(const QList<std::pair<QString, QString>> &labelAndCommand);

    [[nodiscard]] bool hexView() const;
    void setHexView(bool hex);

    // The metadata as shown: indented JSON when it parses as a JSON object or array.
    [[nodiscard]] static QString prettyMetadata(const QByteArray &metadata);

protected:
    void changeEvent(QEvent *event) override;

private:
    void showValue();
    void updateLive();
    void updateSparkline(bool force);
    void applyPlotPalette();

    LockTableModel::RowInfo m_info;
    bool m_hasLock = false;
    QElapsedTimer m_sinceReplot;
    qsizetype m_plottedHistory = -1;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_keyLabel = nullptr;
    QLabel *m_formatLabel = nullptr;
    QLabel *m_tokenLabel = nullptr;
    QLabel *m_ttlLabel = nullptr;
    QLabel *m_ageLabel = nullptr;
    QLabel *m_refreshesLabel = nullptr;
    QLabel *m_heldLabel = nullptr;
    QLabel *m_sizeLabel = nullptr;
    QPlainTextEdit *m_valueView = nullptr;
    QCheckBox *m_hexBox = nullptr;
    QPlainTextEdit *m_metadataView = nullptr;
    QCustomPlot *m_sparkline = nullptr;
    QLabel *m_sparklineNote = nullptr;
    QPlainTextEdit *m_commandsView = nullptr;
};
