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

// A classic hex dump: offset, 16 bytes in hex, and the printable ASCII column.
[[nodiscard]] QString hexDump(const QByteArray &bytes);

// True when the bytes are valid UTF-8 that round-trips exactly (a leading BOM included).
[[nodiscard]] bool isUtf8(const QByteArray &bytes);

// Indented JSON (no trailing newline) when the bytes are a JSON object or array, else nothing.
[[nodiscard]] std::optional<QString> prettyJson(const QByteArray &bytes);
