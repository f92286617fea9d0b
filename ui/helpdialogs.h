#pragma once

class QWidget;

// The Help menu's reference dialogs. Each opens non-modal over `window` and deletes itself
// when closed.

// What the locks filter box understands: words, format:, is:.
void showFilterSyntax(QWidget *window);
// Every keyboard shortcut of `window`, read from its QActions at the moment it opens, so the
// list cannot drift from what the keys actually do.
void showKeyboardShortcuts(QWidget *window);
