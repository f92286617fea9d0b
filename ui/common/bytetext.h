#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// Text for raw Redis bytes (keys, values, tokens, metadata), shared by every view of ui/ so that
// the same bytes look the same everywhere.

// The bytes as unambiguous text: printable UTF-8 as is; bytes outside valid UTF-8, controls
// (C0, DEL, C1), invisible and format characters (BOM, zero-width space, …) as \xNN per byte,
// the backslash as \\ (two different byte strings never show the same text).
[[nodiscard]] QString displayBytes(const QByteArray &bytes);

// A classic hex dump: offset, bytesPerLine bytes in hex (above 8, a gap after half of them), the
// printable ASCII column; a narrow view asks for 8 per line so that column stays in sight.
[[nodiscard]] QString hexDump(const QByteArray &bytes, int bytesPerLine = 16);

// True when the bytes are valid UTF-8 that round-trips exactly (a leading BOM included).
[[nodiscard]] bool isUtf8(const QByteArray &bytes);

// Indented JSON (no trailing newline) when the bytes are a JSON object or array, else nothing.
// Keys stay in the holder's order and numbers and strings as written (QJsonDocument would sort
// the keys and rewrite both).
[[nodiscard]] std::optional<QString> prettyJson(const QByteArray &bytes);

// Text for a tooltip: at most maxChars characters, then "…" (a tooltip of a 2 KB value would
// cover the window).
[[nodiscard]] QString elidedToolTip(const QString &text, qsizetype maxChars = 300);
