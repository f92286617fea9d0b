#pragma once

#include <QString>

#include <chrono>

// Durations as the Backoff lab shows them to a person: "100 ms", "1.5 s", "250 µs", in the
// largest unit that keeps the number at 1 or above, four significant digits, the UI locale.
[[nodiscard]] QString displayDuration(std::chrono::nanoseconds duration);
// The same for a value in milliseconds (chart axes and labels work in ms).
[[nodiscard]] QString displayMilliseconds(double milliseconds);
