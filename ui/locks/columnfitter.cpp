#include "locks/columnfitter.h"

#include <QEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <QStyle>
#include <QTableView>

#include <algorithm>

ColumnFitter::ColumnFitter(QTableView *view, int keptColumn, QList<std::pair<int, int>> elastic)
    : QObject(view), m_view(view), m_kept(keptColumn), m_elastic(std::move(elastic))
{
    for (const auto &[column, minimum] : std::as_const(m_elastic)) {
        m_defaults.insert(column, m_view->columnWidth(column));
        m_preferred.insert(column, m_view->columnWidth(column));
    }
    m_view->installEventFilter(this);
    QHeaderView *header = m_view->horizontalHeader();
    connect(header, &QHeaderView::sectionResized, this, &ColumnFitter::onSectionResized);
    connect(header, &QHeaderView::sectionMoved, this, &ColumnFitter::fit);
}

bool ColumnFitter::eventFilter(QObject *watched, QEvent *event)
{
    // The view's own size, set by the splitter above it: not the viewport's (see the header).
    if (watched == m_view && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        fit();
    return QObject::eventFilter(watched, event);
}

QList<int> ColumnFitter::preferredWidths() const
{
    QList<int> widths;
    for (const auto &[column, minimum] : m_elastic)
        widths.append(m_preferred.value(column));
    return widths;
}

void ColumnFitter::restorePreferredWidths(const QList<int> &preferred)
{
    for (qsizetype i = 0; i < m_elastic.size(); ++i) {
        const auto &[column, minimum] = m_elastic.at(i);
        m_preferred[column] = preferred.size() == m_elastic.size() && preferred.at(i) >= minimum
                                  ? preferred.at(i)
                                  : std::max(m_view->columnWidth(column), m_defaults.value(column));
    }
    fit();
}

bool ColumnFitter::isBeforeKept(int column) const
{
    const QHeaderView *header = m_view->horizontalHeader();
    return header->visualIndex(column) < header->visualIndex(m_kept);
}

void ColumnFitter::onSectionResized(int column, int, int newSize)
{
    if (m_fitting)
        return;
    const bool elastic = m_preferred.contains(column);
    if (elastic && newSize > 0 && !m_view->isColumnHidden(column))
        m_preferred[column] = newSize; // the operator dragged it: the width it comes back to
    // Columns after the kept one (the last one stretches with the viewport) change nothing here.
    if (column == m_kept || isBeforeKept(column))
        fit();
}

void ColumnFitter::fit()
{
    if (m_fitting)
        return;
    m_fitting = true;
    const QHeaderView *header = m_view->horizontalHeader();
    // Room for a vertical scroll bar whether or not it shows: with it, the widths never depend
    // on the scroll bars.
    const int room = m_view->width() - 2 * m_view->frameWidth() -
                     m_view->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr,
                                                  m_view->verticalScrollBar());
    int wanted = 0; // every column up to and including the kept one, elastic ones as preferred
    for (int visual = 0; visual <= header->visualIndex(m_kept); ++visual) {
        const int column = header->logicalIndex(visual);
        if (m_view->isColumnHidden(column))
            continue;
        wanted +=
            m_preferred.contains(column) ? m_preferred.value(column) : header->sectionSize(column);
    }
    int excess = std::max(0, wanted - room);
    for (const auto &[column, minimum] : std::as_const(m_elastic)) {
        const int preferred = m_preferred.value(column);
        int width = preferred;
        if (isBeforeKept(column) && !m_view->isColumnHidden(column)) {
            const int give = std::clamp(excess, 0, std::max(0, preferred - minimum));
            width -= give;
            excess -= give;
        }
        if (header->sectionSize(column) != width && !m_view->isColumnHidden(column))
            m_view->setColumnWidth(column, width);
    }
    m_fitting = false;
}
