#pragma once

#include <QPalette>

// A dark palette like a desktop's dark theme, so that screenshots and tests can show every
// widget as a dark-mode user sees it (the app itself follows the system palette).
[[nodiscard]] QPalette darkPalette();
