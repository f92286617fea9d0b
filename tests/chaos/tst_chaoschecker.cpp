// The chaos checker and the fencing rule on histories written by hand: each kind of violation
// the checker claims to find is found, and what is allowed (a paused holder overlapping its
// successor, its stale writes rejected) is not reported as one.
#include "checker.h"
#include "history.h"
#include "resource.h"

#include <QTest>

#include <sstream>

using namespace chaos;

namespace {

// A hold of 10..20 on "k" unless told otherwise; valid until 100.
HoldEvent hold(std::string holder, std::int64_t fence, Nanos start, Nanos end,
               Nanos validUntil = 100, std::string key = "k")
{
    HoldEvent event;
    event.key = std::move(key);
    event.fence = fence;
    event.holder = std::move(holder);
    event.start = start;
    event.end = end;
    event.validUntil = validUntil;
    event.writesAccepted = 2;
    return event;
}

WriteEvent write(Nanos at, std::string holder, std::int64_t fence, Verdict verdict)
{
    return WriteEvent{at, "k", fence, std::move(holder), verdict};
}

} // namespace

class TestChaosChecker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fencingRule_data()
    {
        QTest::addColumn<std::int64_t>("fence");
        QTest::addColumn<QString>("holder");
        QTest::addColumn<int>("verdict");
        // After "a" wrote with fence 5:
        QTest::newRow("newer fence") << std::int64_t(6) << "b" << int(Verdict::accepted);
        QTest::newRow("same holder again") << std::int64_t(5) << "a" << int(Verdict::accepted);
        QTest::newRow("older fence") << std::int64_t(4) << "c" << int(Verdict::stale);
        QTest::newRow("same fence, other holder")
            << std::int64_t(5) << "b" << int(Verdict::collision);
    }

    void fencingRule()
    {
        QFETCH(std::int64_t, fence);
        QFETCH(QString, holder);
        QFETCH(int, verdict);
        FencedResource resource;
        QCOMPARE(resource.write("k", 5, "a"), Verdict::accepted);
        QCOMPARE(resource.write("other", 1, "z"), Verdict::accepted); // keys are independent
        QCOMPARE(int(resource.write("k", fence, holder.toStdString())), verdict);
    }

    void linesReadBack()
    {
        const HoldEvent h = hold("p1.t0", 7, 10, 20, 30);
        const auto parsedHold = parseLine(formatLine(h));
        QVERIFY(parsedHold && std::holds_alternative<HoldEvent>(*parsedHold));
        const auto &back = std::get<HoldEvent>(*parsedHold);
        QCOMPARE(back.key, h.key);
        QCOMPARE(back.fence, h.fence);
        QCOMPARE(back.holder, h.holder);
        QCOMPARE(back.start, h.start);
        QCOMPARE(back.end, h.end);
        QCOMPARE(back.validUntil, h.validUntil);
        QCOMPARE(back.writesAccepted, 2);
        const auto fault = parseLine(formatLine(FaultEvent{5, "restart", "down 12 ms, kept"}));
        QVERIFY(fault && std::holds_alternative<FaultEvent>(*fault));
        QCOMPARE(std::get<FaultEvent>(*fault).detail, std::string("down 12 ms, kept"));
        QVERIFY(!parseLine("hold k x"));
        QVERIFY(!parseLine("write 1 k 2 p stale-ish"));
    }

    void verdicts_data()
    {
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<bool>("violated");
        QTest::addColumn<QString>("field"); // the count that must be 1
        const auto lines = [](std::initializer_list<std::string> events) {
            QStringList list;
            for (const std::string &event : events)
                list << QString::fromStdString(event);
            return list;
        };

        QTest::newRow("one after the other")
            << lines({formatLine(hold("a", 1, 10, 20)), formatLine(hold("b", 2, 21, 30))}) << false
            << QString();
        QTest::newRow("two valid holds overlap")
            << lines({formatLine(hold("a", 1, 10, 20)), formatLine(hold("b", 2, 15, 30))}) << true
            << "overlappingHolds";
        QTest::newRow("one hold inside another")
            << lines({formatLine(hold("a", 1, 10, 50)), formatLine(hold("b", 2, 40, 45)),
                      formatLine(hold("c", 3, 51, 52))})
            << true << "overlappingHolds";
        QTest::newRow("a paused holder overran and overlaps: allowed")
            << lines({formatLine(hold("a", 1, 10, 500, 100)), formatLine(hold("b", 2, 120, 130)),
                      formatLine(write(490, "a", 1, Verdict::stale))})
            << false << "staleWritesRejected";
        QTest::newRow("holds on different keys may overlap")
            << lines({formatLine(hold("a", 1, 10, 20)), formatLine(hold("b", 1, 15, 30, 100, "j"))})
            << false << QString();
        QTest::newRow("fences out of order")
            << lines({formatLine(hold("a", 5, 10, 20)), formatLine(hold("b", 4, 21, 30))}) << true
            << "fenceOrderViolations";
        QTest::newRow("stale write within validity")
            << lines({formatLine(hold("a", 1, 10, 20)),
                      formatLine(write(15, "a", 1, Verdict::stale))})
            << true << "staleWithinValidity";
        QTest::newRow("fence collision")
            << lines({formatLine(write(15, "b", 1, Verdict::collision))}) << true
            << "fenceCollisions";
        QTest::newRow("the resource accepted an older fence")
            << lines({formatLine(write(15, "b", 2, Verdict::accepted)),
                      formatLine(write(16, "a", 1, Verdict::accepted))})
            << true << "resourceInconsistencies";
        QTest::newRow("malformed line") << lines({"hold nonsense"}) << true << "malformedLines";
    }

    void verdicts()
    {
        QFETCH(QStringList, lines);
        QFETCH(bool, violated);
        QFETCH(QString, field);
        std::stringstream history;
        for (const QString &line : lines)
            history << line.toStdString() << '\n';
        const ChaosReport report = checkHistory(history);
        QCOMPARE(report.violated(), violated);
        const std::map<QString, std::int64_t> counts{
            {QStringLiteral("overlappingHolds"), report.overlappingHolds},
            {QStringLiteral("fenceOrderViolations"), report.fenceOrderViolations},
            {QStringLiteral("staleWithinValidity"), report.staleWithinValidity},
            {QStringLiteral("staleWritesRejected"), report.staleWritesRejected},
            {QStringLiteral("fenceCollisions"), report.fenceCollisions},
            {QStringLiteral("resourceInconsistencies"), report.resourceInconsistencies},
            {QStringLiteral("malformedLines"), report.malformedLines},
        };
        if (!field.isEmpty())
            QCOMPARE(counts.at(field), std::int64_t(1));
        const std::string text = formatReport(report);
        QVERIFY2(text.ends_with(violated ? "VIOLATION\n" : "OK\n"), text.c_str());
    }

    void countsAcquisitionsErrorsAndFaults()
    {
        std::stringstream history;
        history << formatLine(hold("a", 1, 10, 20)) << '\n'
                << formatLine(hold("b", 2, 30, 200, 100)) << '\n'
                << formatLine(ErrorEvent{5, "a", "obtain:connectionClosed"}) << '\n'
                << formatLine(ErrorEvent{6, "b", "obtain:connectionClosed"}) << '\n'
                << formatLine(FaultEvent{4, "client-kill", "12 connections killed"}) << '\n';
        const ChaosReport report = checkHistory(history);
        QCOMPARE(report.acquisitions, std::int64_t(2));
        QCOMPARE(report.holdsWithinValidity, std::int64_t(1));
        QCOMPARE(report.holdsPastValidity, std::int64_t(1));
        QCOMPARE(report.errorsByKind.at("obtain:connectionClosed"), std::int64_t(2));
        QCOMPARE(report.faultsByKind.at("client-kill"), std::int64_t(1));
        QVERIFY(!report.violated());
    }
};

QTEST_GUILESS_MAIN(TestChaosChecker)
#include "tst_chaoschecker.moc"
