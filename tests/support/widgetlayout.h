#pragma once

// Layout checks for widget tests: which visible fields of a form overlap each other. A form
// squeezed below its minimum size by a small window lays its widgets over one another; one in
// a QScrollArea keeps them apart and scrolls.

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QStringList>
#include <QWidget>

#include <algorithm>

namespace testsupport {

// "kind 'name' (x,y wxh)", for failure messages.
inline QString describeWidget(const QWidget *widget, const QRect &rect)
{
    QString text;
    if (const auto *label = qobject_cast<const QLabel *>(widget))
        text = label->text();
    else if (const auto *button = qobject_cast<const QAbstractButton *>(widget))
        text = button->text();
    return QStringLiteral("%1 '%2' %3 (%4,%5 %6x%7)")
        .arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName(), text)
        .arg(rect.x())
        .arg(rect.y())
        .arg(rect.width())
        .arg(rect.height());
}

// Every pair of visible form widgets under `root` whose rectangles intersect, described; empty
// when the form is laid out cleanly. Compound widgets (a spin box's line edit) count once.
inline QStringList overlappingFields(QWidget *root)
{
    struct Field
    {
        QWidget *widget;
        QRect rect;
    };
    QList<Field> fields;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        const bool field =
            qobject_cast<QLabel *>(widget) || qobject_cast<QLineEdit *>(widget) ||
            qobject_cast<QAbstractButton *>(widget) || qobject_cast<QAbstractSpinBox *>(widget) ||
            qobject_cast<QComboBox *>(widget) || qobject_cast<QPlainTextEdit *>(widget) ||
            qobject_cast<QProgressBar *>(widget);
        if (!field || !widget->isVisibleTo(root) || widget->width() <= 0 || widget->height() <= 0)
            continue;
        // Parts of a compound widget (the line edit inside a spin box, a line edit's clear button).
        bool part = false;
        for (QWidget *up = widget->parentWidget(); up && up != root; up = up->parentWidget())
            if (qobject_cast<QAbstractSpinBox *>(up) || qobject_cast<QComboBox *>(up) ||
                qobject_cast<QPlainTextEdit *>(up) || qobject_cast<QAbstractButton *>(up) ||
                qobject_cast<QLineEdit *>(up))
                part = true;
        if (part)
            continue;
        const QRect rect(widget->mapTo(root, QPoint(0, 0)), widget->size());
        fields.append({widget, rect});
    }
    QStringList overlaps;
    for (qsizetype i = 0; i < fields.size(); ++i)
        for (qsizetype j = i + 1; j < fields.size(); ++j)
            if (fields[i].rect.intersects(fields[j].rect))
                overlaps << describeWidget(fields[i].widget, fields[i].rect) +
                                QStringLiteral(" overlaps ") +
                                describeWidget(fields[j].widget, fields[j].rect);
    return overlaps;
}

} // namespace testsupport
