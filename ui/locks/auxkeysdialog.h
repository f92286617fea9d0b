#pragma once

#include "session/auxkeycheck.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

// The keys lock libraries keep beside their locks (fence counters, Redisson's token, queue,
// timeout and reader-lease keys, python-redis-lock's signal lists), grouped under their locks,
// and the orphans among them (whose lock is gone: what nobody will ever delete) with their
// count and sampled memory. It shows what it is given: the main window asks the session for a
// report (InspectorSession::scanAuxKeys, reads only) when it opens and on Rescan.
class AuxKeysDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AuxKeysDialog(QWidget *parent = nullptr);

    void setReport(const AuxKeyReport &report);
    // "Scanning…" until the next report.
    void setScanning();

    // The one line on the orphans ("2 orphans using 112 bytes"), as shown.
    [[nodiscard]] QString summaryText() const;
    [[nodiscard]] QTreeWidget *tree() const { return tree_; }
    [[nodiscard]] QPushButton *rescanButton() const { return rescan_; }

Q_SIGNALS:
    void rescanRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    // The keys are long and the note says what matters (an orphan, its memory): the key column
    // takes what the others leave, elided in its middle, never pushing the note out of view.
    void fitKeyColumn();

    QLabel *summary_ = nullptr;
    QTreeWidget *tree_ = nullptr;
    QPushButton *rescan_ = nullptr;
};
