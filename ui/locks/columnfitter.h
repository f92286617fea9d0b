#pragma once

#include <QHash>
#include <QList>
#include <QObject>

#include <utility>

class QTableView;

// Keeps one column of a table in view by narrowing others: when the view is too narrow for
// every column up to and including the kept one, the elastic columns give way, in the order
// given, down to their minimum widths, and grow back to the widths they had (their default, or
// what the operator dragged them to) when there is room again. The locks table keeps its TTL in
// view this way and elides the metadata, the token and at last the key instead.
//
// Only the view's own size and the widths of the columns before the kept one are read, never
// the viewport's: the viewport changes with the scroll bars, which change with the column
// widths, and reading it would let the two resize each other without end. Room for a vertical
// scroll bar is always left, whether it is shown or not.
class ColumnFitter : public QObject
{
    Q_OBJECT

public:
    // elastic: logical columns with their minimum widths, the first to give way first. Their
    // widths now, when the fitter is made, are what they grow back to.
    ColumnFitter(QTableView *view, int keptColumn, QList<std::pair<int, int>> elastic);

    // Lays the columns out again for the view's width now.
    void fit();
    // The widths the elastic columns grow back to, in their order: what a saved layout keeps
    // besides the header's state (which has the widths of the moment, narrowed or not).
    [[nodiscard]] QList<int> preferredWidths() const;
    // The header was restored from saved state, and preferred is what preferredWidths() said
    // then; without it (a layout saved before), the restored widths, never below the defaults.
    void restorePreferredWidths(const QList<int> &preferred);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onSectionResized(int column, int oldSize, int newSize);
    [[nodiscard]] bool isBeforeKept(int column) const;

    QTableView *m_view;
    int m_kept;
    QList<std::pair<int, int>> m_elastic;
    QHash<int, int> m_preferred; // elastic column -> the width it grows back to
    QHash<int, int> m_defaults;
    bool m_fitting = false;
};
