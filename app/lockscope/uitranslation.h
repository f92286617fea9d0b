#pragma once

#include <QLocale>
#include <QString>

class QTranslator;

// The locale the user interface speaks: --language when given (en, zh_CN, …), else the
// system's; the C/POSIX locale counts as English.
[[nodiscard]] QLocale uiLocale(const QString &language);

// Loads Lockscope's own texts for locale from the .qm files embedded under :/i18n. A language
// without a translation of its own gets lockscope_en.qm, which holds only the English plural
// forms ("1 key" / "2 keys"): the source texts are the English UI otherwise.
bool loadUiTranslation(QTranslator &translator, const QLocale &locale);

// Loads Qt's own texts for locale (standard buttons, file dialogs, context menus): Debian's
// qtbase_*.qm in QLibraryInfo::TranslationsPath (package qt6-translations-l10n). Without that
// package the standard buttons still speak the language: their texts are in Lockscope's own
// translation too (see standardButtonTexts in uitranslation.cpp).
bool loadQtTranslation(QTranslator &translator, const QLocale &locale);
