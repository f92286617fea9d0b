// How a core error reads in the UI: a summary per error code, in the operator's language, over
// the core's exact English detail.

#include "common/errortext.h"

#include <QTest>

using namespace Qt::StringLiterals;
using redislock::Errc;

class TestErrorText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCodeHasASummary_data()
    {
        QTest::addColumn<int>("code");
        for (int code = int(Errc::notObtained); code <= int(Errc::serverError); ++code)
            QTest::addRow("%d", code) << code;
    }
    void everyCodeHasASummary()
    {
        QFETCH(int, code);
        const redislock::Error error(static_cast<Errc>(code), "127.0.0.1:1: Connection refused");
        const QString summary = errorSummary(error);
        QVERIFY(!summary.isEmpty());
        QVERIFY(!summary.contains(u'\n'));
        // The summary first, the detail as it came on the second line.
        QCOMPARE(errorText(error), summary + u"\n127.0.0.1:1: Connection refused"_s);
    }

    void summariesDiffer()
    {
        QStringList seen;
        for (int code = int(Errc::notObtained); code <= int(Errc::serverError); ++code) {
            const QString summary = errorSummary(redislock::Error(static_cast<Errc>(code)));
            QVERIFY2(!seen.contains(summary), qPrintable(summary));
            seen << summary;
        }
    }

    void withoutADetailTheCodesMessage()
    {
        const redislock::Error error(Errc::timeout);
        QCOMPARE(errorText(error).section(u'\n', 0, 0), errorSummary(error));
        QCOMPARE(errorText(error).section(u'\n', 1), QString::fromStdString(error.message()));
    }

    void anotherCategoryIsShownAsItCame()
    {
        const redislock::Error error(std::make_error_code(std::errc::io_error), "disk on fire");
        QCOMPARE(errorSummary(error), QString());
        QCOMPARE(errorText(error), u"disk on fire"_s);
    }
};

QTEST_MAIN(TestErrorText)
#include "tst_errortext.moc"
