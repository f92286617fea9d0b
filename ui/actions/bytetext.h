#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// Small text helpers for showing and recording raw Redis bytes in ui/actions. Private to this
// folder for now (ui/locks has its own displayBytes(); the two are to be unified).
namespace actions {

// True when the bytes are valid UTF-8 that round-trips exactly (a leading BOM included).
[[nodiscard]] bool isUtf8(const QByteArray &bytes);

// The bytes as text an operator can read and copy: printable ASCII and whole UTF-8 sequences of
// printable characters as they are, every other byte as \xNN, a backslash as \\ (so the escapes
// are unambiguous).
[[nodiscard]] QString escapedBytes(const QByteArray &bytes);

// Indented JSON when the bytes are a JSON object or array, else nothing.
[[nodiscard]] std::optional<QString> prettyJson(const QByteArray &bytes);

} // namespace actions
