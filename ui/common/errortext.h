#pragma once

#include <redislock/error.h>

#include <QString>

// How a failure from the redislock core reads in the UI: a one-line summary of the kind of
// failure in the operator's language, and the core's own detail (English, exact: host, port,
// the server's reply) as a second line for whoever reads logs or searches the web.

// "Connection refused or host unreachable", translated; empty for codes that are no failure.
[[nodiscard]] QString errorSummary(const redislock::Error &error);
// "summary\ndetail"; the detail alone when it is all there is.
[[nodiscard]] QString errorText(const redislock::Error &error);
