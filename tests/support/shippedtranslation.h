#pragma once

// The translation the app ships for a language (its compiled .qm in the resources), installed
// for as long as the object lives: tests that check what an operator reading that language sees.
// "en" installs nothing (the source texts are English).

#include <QCoreApplication>
#include <QString>
#include <QTranslator>

namespace lockscope::test {

class ShippedTranslation
{
public:
    explicit ShippedTranslation(const QString &language)
    {
        if (language == QStringLiteral("en"))
            return;
        loaded_ = translator_.load(QStringLiteral(":/i18n/lockscope_%1.qm").arg(language)) &&
                  QCoreApplication::installTranslator(&translator_);
    }
    ~ShippedTranslation() { QCoreApplication::removeTranslator(&translator_); }
    ShippedTranslation(const ShippedTranslation &) = delete;
    ShippedTranslation &operator=(const ShippedTranslation &) = delete;

    [[nodiscard]] bool loaded() const { return loaded_; }

private:
    QTranslator translator_;
    bool loaded_ = true;
};

} // namespace lockscope::test
