#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// Commands as text an operator can read and paste into redis-cli: arguments that are plain
// printable ASCII stay as they are; any other argument is double-quoted with redis-cli's
// escapes (\" \\ \n \r \t \a \b, and \xHH for every other byte outside printable ASCII), which
// redis-cli's own parser turns back into the exact bytes.
namespace RedisCommandText {

[[nodiscard]] QString argument(const QByteArray &bytes);
[[nodiscard]] QString command(const QList<QByteArray> &arguments);

} // namespace RedisCommandText
