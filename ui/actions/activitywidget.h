#pragma once

#include <QWidget>

class ActivityModel;
class AuditLog;
class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

// The Activity tab: every audited action, newest first, filterable by outcome, with the log
// file's location and the last write error.
class ActivityWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityWidget(AuditLog *log, QWidget *parent = nullptr);

    [[nodiscard]] ActivityModel *model() const { return model_; }
    [[nodiscard]] QTableView *view() const { return view_; }
    [[nodiscard]] QComboBox *outcomeFilter() const { return outcomeFilter_; }
    [[nodiscard]] QPushButton *openLocationButton() const { return openLocation_; }
    [[nodiscard]] QLabel *statusLabel() const { return status_; }

private:
    void applyFilter();
    void showStatus();
    void openLocation();

    AuditLog *log_;
    ActivityModel *model_;
    QSortFilterProxyModel *proxy_;
    QTableView *view_;
    QComboBox *outcomeFilter_;
    QPushButton *openLocation_;
    QLabel *status_;
};
