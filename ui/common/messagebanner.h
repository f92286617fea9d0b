#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

// A message shown in full above the content it is about, where the operator looks: an icon and
// a tint by severity, the whole text (wrapped, selectable), and a close button. It stays until
// closed or replaced, unlike a status bar message cut off by the widgets beside it.
class MessageBanner : public QFrame
{
    Q_OBJECT

public:
    enum class Severity
    {
        information,
        positive,
        warning,
        error,
    };
    Q_ENUM(Severity)

    explicit MessageBanner(QWidget *parent = nullptr);

    void showMessage(const QString &text, Severity severity);
    [[nodiscard]] QString text() const;
    [[nodiscard]] Severity severity() const { return severity_; }
    [[nodiscard]] QLabel *textLabel() const { return text_; }
    [[nodiscard]] QToolButton *closeButton() const { return close_; }
    void setClosable(bool closable);

private:
    QLabel *icon_ = nullptr;
    QLabel *text_ = nullptr;
    QToolButton *close_ = nullptr;
    Severity severity_ = Severity::information;
};
