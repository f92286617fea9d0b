#include "common/messagebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

MessageBanner::MessageBanner(QWidget *parent) : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    icon_ = new QLabel(this);
    text_ = new QLabel(this);
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::PlainText);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    close_ = new QToolButton(this);
    close_->setAutoRaise(true);
    close_->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close_->setToolTip(tr("Dismiss"));
    close_->setAccessibleName(tr("Dismiss"));
    connect(close_, &QToolButton::clicked, this, &QWidget::hide);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(icon_, 0, Qt::AlignTop);
    layout->addWidget(text_, 1);
    layout->addWidget(close_, 0, Qt::AlignTop);
    hide();
}

void MessageBanner::showMessage(const QString &text, Severity severity)
{
    severity_ = severity;
    text_->setText(text);
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxInformation;
    QColor tint(0x3d, 0x8e, 0xd9); // blue
    switch (severity) {
    case Severity::information:
        break;
    case Severity::positive:
        tint = QColor(0x2e, 0x9d, 0x4f);
        break;
    case Severity::warning:
        pixmap = QStyle::SP_MessageBoxWarning;
        tint = QColor(0xd9, 0x8c, 0x1c);
        break;
    case Severity::error:
        pixmap = QStyle::SP_MessageBoxCritical;
        tint = QColor(0xd0, 0x3f, 0x3a);
        break;
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    icon_->setPixmap(style()->standardIcon(pixmap).pixmap(size, size));
    // A light tint of the severity's colour over the window colour: readable on light and dark
    // palettes alike.
    QPalette palette = this->palette();
    const QColor base = parentWidget() ? parentWidget()->palette().color(QPalette::Window)
                                       : palette.color(QPalette::Window);
    const auto mix = [](int a, int b) {
        return (a * 4 + b) / 5;
    };
    palette.setColor(QPalette::Window,
                     QColor(mix(base.red(), tint.red()), mix(base.green(), tint.green()),
                            mix(base.blue(), tint.blue())));
    setPalette(palette);
    show();
}

QString MessageBanner::text() const
{
    return text_->text();
}

void MessageBanner::setClosable(bool closable)
{
    close_->setVisible(closable);
}
