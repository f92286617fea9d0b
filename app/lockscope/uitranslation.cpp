#include "uitranslation.h"

#include <QLibraryInfo>
#include <QTranslator>

namespace {

// The texts Qt gives the standard buttons Lockscope shows (QDialogButtonBox, QMessageBox), in
// Qt's own context, so that lupdate puts them into Lockscope's .ts files and the translation
// answers for them when Qt's qtbase_*.qm is not installed.
[[maybe_unused]] const char *const standardButtonTexts[] = {
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&No"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Apply"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Help"),
    QT_TRANSLATE_NOOP("QMessageBox", "Show Details..."),
    QT_TRANSLATE_NOOP("QMessageBox", "Hide Details..."),
};

bool loadEmbedded(QTranslator &translator, const QLocale &locale)
{
    return translator.load(locale, QStringLiteral("lockscope"), QStringLiteral("_"),
                           QStringLiteral(":/i18n"));
}

} // namespace

QLocale uiLocale(const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    return locale.language() == QLocale::C ? QLocale(QLocale::English) : locale;
}

bool loadUiTranslation(QTranslator &translator, const QLocale &locale)
{
    return loadEmbedded(translator, locale) || loadEmbedded(translator, QLocale(QLocale::English));
}

bool loadQtTranslation(QTranslator &translator, const QLocale &locale)
{
    return translator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath));
}
