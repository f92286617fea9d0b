#pragma once

#include <QDir>
#include <QPixmap>
#include <QString>
#include <QWidget>

// Renders a widget as it would appear and, when LOCKSCOPE_SCREENSHOT_DIR is set, saves it there
// as <name>.png for a person to look at. Returns the grab so tests can check it is not empty.
inline QPixmap grabScreenshot(QWidget *widget, const QString &name)
{
    const QPixmap pixmap = widget->grab();
    const QString dir = qEnvironmentVariable("LOCKSCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        pixmap.save(QDir(dir).filePath(name + QStringLiteral(".png")));
    }
    return pixmap;
}
