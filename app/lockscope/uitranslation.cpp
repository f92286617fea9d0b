#include "uitranslation.h"

#include <QTranslator>

namespace {

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
