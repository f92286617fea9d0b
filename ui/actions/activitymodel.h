#pragma once

#include "session/lockaction.h"

#include <QAbstractTableModel>
#include <QList>

class AuditLog;

// The audit entries as a table for the Activity tab, newest first. Display text in DisplayRole;
// the raw values (time in ms since the epoch, the outcome's name) in the roles below, for
// sorting and filtering.
class ActivityModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        ConnectionColumn,
        ActionColumn,
        KeyColumn,
        OutcomeColumn,
        MessageColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // time: ms since the epoch; other columns: the display text
        OutcomeRole,                 // outcomeName() of the row's outcome, e.g. "changed-hands"
        OutcomeColorRole,            // QColor of the row's outcome (also the outcome's foreground)
    };

    // Shows `log`'s entries and follows its appends; without a log, feed it with append().
    explicit ActivityModel(AuditLog *log = nullptr, QObject *parent = nullptr);

    void setEntries(const QList<ActionResult> &entries); // oldest first, as AuditLog keeps them
    void append(const ActionResult &entry);
    // Rows beyond this are dropped, oldest first.
    void setMaximumRows(int rows);
    [[nodiscard]] const ActionResult &entry(int row) const;

    // A colour for an outcome that reads on light and dark palettes.
    [[nodiscard]] static QColor outcomeColor(ActionResult::Outcome outcome);
    // The action and the outcome as the Activity tab shows them, in the operator's language;
    // the audit log and OutcomeRole keep the English names of actionName() and outcomeName().
    [[nodiscard]] static QString displayAction(LockAction action);
    [[nodiscard]] static QString displayOutcome(ActionResult::Outcome outcome);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    // Oldest first, so that appending is cheap; row r shows entries_[size - 1 - r].
    QList<ActionResult> entries_;
    int maximumRows_;
};
