#pragma once

#include <QByteArray>
#include <QTimer>
#include <QWidget>

class HistoryTimelineWidget;
class LockHistoryFeed;
class QComboBox;
class QLabel;
class QSpinBox;

// The Busiest locks tab: the locks that changed hands or were refreshed most in the last minutes,
// one row each over a shared time axis (LockHistory::busiest), so that an operator sees which
// locks are contended, who held them in turn and where something went wrong. Hovering a bar
// tells its holder and times; a click chooses the lock (lockChosen), which the main window
// selects in the Locks tab.
class BusiestLocksWidget : public QWidget
{
    Q_OBJECT

public:
    explicit BusiestLocksWidget(QWidget *parent = nullptr);

    void setFeed(const LockHistoryFeed *feed);
    [[nodiscard]] HistoryTimelineWidget *timeline() const { return m_timeline; }
    [[nodiscard]] QComboBox *spanCombo() const { return m_spanCombo; }
    [[nodiscard]] QSpinBox *countSpin() const { return m_countSpin; }
    // The keys shown, busiest first.
    [[nodiscard]] QList<QByteArray> keys() const;

public Q_SLOTS:
    // Reads the busiest locks again (every second while shown).
    void refresh();

Q_SIGNALS:
    void lockChosen(const QByteArray &key);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    const LockHistoryFeed *m_feed = nullptr;
    QComboBox *m_spanCombo = nullptr;
    QSpinBox *m_countSpin = nullptr;
    QLabel *m_summary = nullptr;
    HistoryTimelineWidget *m_timeline = nullptr;
    QTimer m_refresh;
};
