#pragma once

#include <QByteArray>
#include <QString>

// Text for raw Redis bytes (keys, values, tokens). Valid UTF-8 is shown as text; every byte
// that is not part of a valid UTF-8 sequence, every control character (C0, DEL, C1) and the
// backslash itself are escaped as \xNN (\\ for the backslash), the way redis-cli quotes them.
// The escaping is unambiguous, so two different byte strings never show the same text.
[[nodiscard]] QString displayBytes(const QByteArray &bytes);

// A classic hex dump: offset, 16 bytes in hex, and the printable ASCII column.
[[nodiscard]] QString hexDump(const QByteArray &bytes);
