#include "common/bytetext.h"
#include "common/darkpalette.h"
#include "locks/auxkeysdialog.h"
#include "locks/lockdetailwidget.h"
#include "locks/lockfilterproxymodel.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "locks/ttlbardelegate.h"
#include "support/shippedtranslation.h"

#include <redislock/lockrecord.h>
#include <redislock/lockscripts.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPaintEvent>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QStyleFactory>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTranslator>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

using Fields = QList<std::pair<QByteArray, QByteArray>>;
Q_DECLARE_METATYPE(Fields)

namespace {

const QByteArray token = QByteArrayLiteral("Zm9vYmFyYmF6cXV4cXV1eA");

LockSnapshot lockOf(const QByteArray &key, qint64 ttlMs, const QByteArray &metadata = {},
                    redislock::LockFormat format = redislock::LockFormat::redislock)
{
    LockSnapshot lock;
    lock.key = key;
    lock.format = format;
    if (format == redislock::LockFormat::raw) {
        lock.value = metadata;
    } else {
        lock.value = token + metadata;
        lock.tokenLength = int(token.size());
    }
    lock.valueSize = lock.value.size();
    lock.ttlMs = ttlMs;
    return lock;
}

// A widget on a hand-moved clock, with what the demo workload shows: JSON metadata, a stuck
// lock, a raw binary value, one held, one refreshed, one fading out.
struct Fixture
{
    qint64 now = 5'000'000;
    LocksWidget widget;
    QAbstractItemModelTester proxyTester{widget.proxy(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest};

    Fixture()
    {
        widget.model()->setClock([this] { return now; });
        widget.model()->setTickInterval(0);
        widget.setConnected(true);
        widget.resize(1280, 520);
    }

    void populate()
    {
        LockTableModel *model = widget.model();
        model->upsert({
            lockOf(
                "shop:orders:42", 30'000,
                R"({"service":"checkout","host":"web-3","pid":4711,"since":"2026-11-25T07:40:00Z"})"),
            lockOf("shop:orders:43", 30'000, R"({"service":"checkout","host":"web-1"})"),
            lockOf("billing:invoice:2026-11", 10'000, R"({"service":"billing","attempt":2})"),
            lockOf("inventory:sku:981", 60'000, R"({"service":"inventory"})"),
            lockOf("cron:nightly-report", -1, R"({"service":"reports","note":"forgot ttl"})"),
            lockOf(QByteArray("legacy:\x00\xff:bin", 13), 45'000, QByteArray("raw\x01\xfe value"),
                   redislock::LockFormat::raw),
            lockOf("mail:outbox", 20'000, R"({"service":"mailer"})"),
        });
        model->flush();
        model->setHeld("inventory:sku:981", true);
        now += 4000;
        model->applyTtls({{"shop:orders:42", 26'000}, {"billing:invoice:2026-11", 6000}});
        now += 3000;
        model->applyTtls({{"shop:orders:42", 30'000}, {"billing:invoice:2026-11", 3000}});
        now += 1500;
        model->markRemoved("mail:outbox", KeyRemoval::expired);
        now += 600;
        model->tick();
    }

    QStringList shownKeys() const
    {
        QStringList keys;
        const QAbstractItemModel *model = widget.view()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            keys.append(model->index(row, LockTableModel::KeyColumn).data().toString());
        return keys;
    }

    template <typename T>
    T *child(const QString &name) const
    {
        T *found = widget.findChild<T *>(name);
        if (!found)
            qFatal("no child %s", qPrintable(name));
        return found;
    }

    QRect cellRect(const QByteArray &key, int column) const
    {
        const int row = widget.model()->indexOfKey(key);
        const QModelIndex index = widget.proxy()->mapFromSource(widget.model()->index(row, column));
        return widget.view()->visualRect(index);
    }
};

QString screenshotDir()
{
    const QString dir = QStringLiteral(LOCKS_SCREENSHOT_DIR);
    QDir().mkpath(dir);
    return dir;
}

bool near(QColor a, QColor b, int tolerance = 6)
{
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

} // namespace

class TestLocksWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void barColours();
    void typingFiltersTheRows();
    void ctrlFFocusesTheFilter();
    void selectingShowsTheDetail();
    void detailFollowsTheCountdown();
    void detailShowsTheAuxiliaryKeys();
    void auxKeysDialogGroupsAndCountsOrphans();
    void currentLockFollowsChangesAndRemovals();
    void activatingARow();
    void fadingRowsArePaintedFainter();
    void remembersColumnsAndSplitter();
    void ttlBarsPaintTheRemainingFraction_data();
    void ttlBarsPaintTheRemainingFraction();
    void screenshots_data();
    void screenshots();
    void fadingRowLeavesNothingSelected();
    void filteredOutRowIsDeselected();
    void severalSelectedHaveNoCurrentLock();
    void rowsHoldStillUnderAPressedButton();
    void honestAboutWhatItDidNotSee();
    void locksOnlyHidesOtherKeys();
    void placeholderPointsToConnect();
    void commandsRunAnywhereAndCopy();
    void commandsAreInReachInASmallWindow();
    void ttlStaysInViewInASmallWindow_data();
    void ttlStaysInViewInASmallWindow();
    void longIdentifiersStayInThePane();
    void holderIsWordedWhereShown_data();
    void holderIsWordedWhereShown();
    void hexDumpKeepsItsAsciiColumn();
    void tooltipsAreCapped();
    void appendedRowsRepaintOnlyWhereTheyShow_data();
    void changesShowWhileRowsAreAppendedOutOfSight();
    void appendedRowsRepaintOnlyWhereTheyShow();
};

void TestLocksWidget::initTestCase()
{
    // One style everywhere, so the screenshots look the same on every machine.
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
}

void TestLocksWidget::barColours()
{
    for (const bool dark : {false, true}) {
        QCOMPARE(TtlBarDelegate::barColor(1.0, dark).hslHue(), 120);
        QCOMPARE(TtlBarDelegate::barColor(0.5, dark).hslHue(), 40);
        QCOMPARE(TtlBarDelegate::barColor(0.0, dark).hslHue(), 0);
        QCOMPARE(TtlBarDelegate::barColor(-3.0, dark), TtlBarDelegate::barColor(0.0, dark));
        QVERIFY(TtlBarDelegate::stuckColor(dark) != TtlBarDelegate::barColor(0.5, dark));
    }
    // Dark bars are dark enough for light text, light bars light enough for dark text.
    QVERIFY(TtlBarDelegate::barColor(0.7, true).lightness() < 110);
    QVERIFY(TtlBarDelegate::barColor(0.7, false).lightness() > 150);
}

void TestLocksWidget::typingFiltersTheRows()
{
    Fixture f;
    f.populate();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QCOMPARE(f.widget.view()->model()->rowCount(), 7);
    QTRY_COMPARE(f.widget.statusText(), u"7 locks · 7 shown · 1 stuck"_s);

    QTest::keyClicks(f.widget.filterEdit(), u"orders"_s);
    QTRY_COMPARE(f.shownKeys(), (QStringList{u"shop:orders:42"_s, u"shop:orders:43"_s}));
    QTRY_COMPARE(f.widget.statusText(), u"7 locks · 2 shown · 1 stuck"_s);

    // Metadata matches too, case-insensitively.
    f.widget.filterEdit()->clear();
    QTest::keyClicks(f.widget.filterEdit(), u"WEB-1"_s);
    QTRY_COMPARE(f.shownKeys(), QStringList{u"shop:orders:43"_s});

    f.widget.filterEdit()->clear();
    QTest::keyClicks(f.widget.filterEdit(), u"is:stuck"_s);
    QTRY_COMPARE(f.shownKeys(), QStringList{u"cron:nightly-report"_s});

    // Escaped bytes are what one types for a binary key.
    f.widget.filterEdit()->clear();
    QTest::keyClicks(f.widget.filterEdit(), u"\\x00"_s);
    QTRY_COMPARE(f.shownKeys(), QStringList{u"legacy:\\x00\\xff:bin"_s});

    f.widget.filterEdit()->clear();
    QTRY_COMPARE(f.widget.view()->model()->rowCount(), 7);
}

void TestLocksWidget::ctrlFFocusesTheFilter()
{
    Fixture f;
    f.populate();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowActive(&f.widget));
    f.widget.view()->setFocus();
    QVERIFY(f.widget.view()->hasFocus());
    f.widget.filterEdit()->setText(u"previous"_s);
    QTest::keyClick(f.widget.view(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(f.widget.filterEdit()->hasFocus());
    QCOMPARE(f.widget.filterEdit()->selectedText(), u"previous"_s);
    QVERIFY(!f.widget.filterEdit()->placeholderText().isEmpty());
}

void TestLocksWidget::selectingShowsTheDetail()
{
    Fixture f;
    f.populate();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QSignalSpy current(&f.widget, &LocksWidget::currentLockChanged);
    auto *placeholder = f.child<QLabel>(u"placeholder"_s);
    QVERIFY(placeholder->isVisible());

    // A click on the row, as a user would.
    const QRect cell = f.cellRect("shop:orders:42", LockTableModel::KeyColumn);
    QVERIFY(cell.isValid());
    QTest::mouseClick(f.widget.view()->viewport(), Qt::LeftButton, {}, cell.center());
    QTRY_COMPARE(current.size(), 1);
    const auto lock = current.first().first().value<LockSnapshot>();
    QCOMPARE(lock.key, QByteArray("shop:orders:42"));
    QCOMPARE(f.widget.currentLock().key, QByteArray("shop:orders:42"));
    QCOMPARE(f.widget.selectedLocks().size(), 1);
    QVERIFY(!placeholder->isVisible());

    QCOMPARE(f.child<QLabel>(u"keyLabel"_s)->text(), u"shop:orders:42"_s);
    QCOMPARE(f.child<QLabel>(u"tokenLabel"_s)->text(), QString::fromLatin1(token));
    // In the holder's order, not sorted.
    QCOMPARE(f.child<QPlainTextEdit>(u"metadataView"_s)->toPlainText(), uR"({
    "service": "checkout",
    "host": "web-3",
    "pid": 4711,
    "since": "2026-11-25T07:40:00Z"
})"_s);

    const QString command = u"EVALSHA 1a2b 1 shop:orders:42 Zm9vYmFyYmF6cXV4cXV1eA{...}"_s;
    f.widget.setCommandPreviews({{u"Force release (compare-and-delete)"_s, command},
                                 {u"Delete regardless"_s, u"DEL shop:orders:42"_s}});
    const QString commands = f.child<QPlainTextEdit>(u"commandsView"_s)->toPlainText();
    QVERIFY2(commands.contains(u"Force release (compare-and-delete)\n"_s + command),
             qPrintable(commands));
    QVERIFY(commands.contains(u"Delete regardless\nDEL shop:orders:42"_s));
    QVERIFY(f.child<QPlainTextEdit>(u"commandsView"_s)->isReadOnly());

    // A binary raw value: escaped, or as hex.
    QVERIFY(f.widget.selectKey(QByteArray("legacy:\x00\xff:bin", 13)));
    QTRY_COMPARE(current.size(), 2);
    auto *value = f.child<QPlainTextEdit>(u"valueView"_s);
    QCOMPARE(f.child<QLabel>(u"keyLabel"_s)->text(), u"legacy:\\x00\\xff:bin"_s);
    QCOMPARE(value->toPlainText(), u"raw\\x01\\xfe value"_s);
    QTest::mouseClick(f.child<QCheckBox>(u"hexBox"_s), Qt::LeftButton);
    QVERIFY(f.widget.detail()->hexView());
    QVERIFY2(value->toPlainText().startsWith(u"00000000  72 61 77 01 fe 20 76 61"_s),
             qPrintable(value->toPlainText()));
    QVERIFY(f.child<QPlainTextEdit>(u"metadataView"_s)->toPlainText().isEmpty());

    // The stuck lock says so.
    QVERIFY(f.widget.selectKey("cron:nightly-report"));
    QVERIFY(f.child<QLabel>(u"ttlLabel"_s)->text().contains(u"no expiry"_s));
    QVERIFY(f.child<QLabel>(u"sparklineNote"_s)->isVisible());
    QVERIFY(!f.widget.detail()->findChild<QWidget *>(u"sparkline"_s)->isVisible());
    QVERIFY(f.widget.selectKey("shop:orders:42"));
    QVERIFY(f.widget.detail()->findChild<QWidget *>(u"sparkline"_s)->isVisible());
}

void TestLocksWidget::detailFollowsTheCountdown()
{
    Fixture f;
    f.widget.model()->markListed(); // the locks appear while watched: their lease is known
    f.populate();
    f.widget.show();
    QVERIFY(f.widget.selectKey("inventory:sku:981"));
    auto *ttl = f.child<QLabel>(u"ttlLabel"_s);
    QCOMPARE(ttl->text(), u"50.9 s of a 1 m 00 s lease"_s);
    f.now += 1000;
    f.widget.model()->tick();
    QCOMPARE(ttl->text(), u"49.9 s of a 1 m 00 s lease"_s);
    // Text selected in the detail pane survives the ticks.
    auto *metadata = f.child<QPlainTextEdit>(u"metadataView"_s);
    metadata->selectAll();
    f.now += 1000;
    f.widget.model()->tick();
    QVERIFY(!metadata->textCursor().selectedText().isEmpty());
}

// Showing a lock asks for its auxiliary keys once (not on every tick); the answer for it is
// shown, one for another key is not.
void TestLocksWidget::detailShowsTheAuxiliaryKeys()
{
    Fixture f;
    f.populate();
    f.widget.show();
    QSignalSpy requested(f.widget.detail(), &LockDetailWidget::auxKeysRequested);
    QVERIFY(f.widget.selectKey("shop:orders:42"));
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).value<LockSnapshot>().key, QByteArray("shop:orders:42"));
    f.now += 1000;
    f.widget.model()->tick();
    QCOMPARE(requested.size(), 1);

    AuxKeyCheck other;
    other.key = "shop:orders:43";
    other.keys.append(
        {"shop:orders:43:fence", "shop:orders:43", u"fence-counter"_s, "string", -1, false, -1});
    f.widget.detail()->setAuxKeys(other);
    QVERIFY(!f.widget.detail()->auxKeysText().contains(u"43"_s));
    AuxKeyCheck check;
    check.key = "shop:orders:42";
    check.keys.append(
        {"shop:orders:42:fence", "shop:orders:42", u"fence-counter"_s, "string", -1, false, -1});
    check.keys.append({"redisson_lock_token:{shop:orders:42}", "shop:orders:42",
                       u"redisson-fence-token"_s, "string", 12'300, false, -1});
    f.widget.detail()->setAuxKeys(check);
    const QString shown = f.child<QLabel>(u"auxLabel"_s)->text();
    QVERIFY2(shown.contains(u"fence counter: shop:orders:42:fence (no expiry)"_s),
             qPrintable(shown));
    QVERIFY2(shown.contains(
                 u"Redisson fence token: redisson_lock_token:{shop:orders:42} (ttl 12.3 s)"_s),
             qPrintable(shown));
    check.keys.clear();
    f.widget.detail()->setAuxKeys(check);
    QCOMPARE(f.child<QLabel>(u"auxLabel"_s)->text(), u"None"_s);
}

// The dialog of a pattern's auxiliary keys: grouped under their locks, orphans marked with
// their memory, and the line that counts them.
void TestLocksWidget::auxKeysDialogGroupsAndCountsOrphans()
{
    AuxKeysDialog dialog;
    QCOMPARE(dialog.summaryText(), u"Scanning…"_s);
    QVERIFY(!dialog.rescanButton()->isEnabled());
    AuxKeyReport report;
    report.keys = {
        {"redisson_lock_token:{shop:redisson:retired}", "shop:redisson:retired",
         u"redisson-fence-token"_s, "string", -1, true, 56},
        {"redisson_lock_token:{shop:redisson:warehouse}", "shop:redisson:warehouse",
         u"redisson-fence-token"_s, "string", -1, false, -1},
        {"shop:orders:99:fence", "shop:orders:99", u"fence-counter"_s, "string", -1, true, 56},
    };
    report.orphans = 2;
    report.orphanBytes = 112;
    report.sampled = 2;
    dialog.setReport(report);
    QCOMPARE(dialog.summaryText(), u"3 auxiliary keys, 2 orphans using 112 bytes"_s);
    QVERIFY(dialog.rescanButton()->isEnabled());
    QTreeWidget *tree = dialog.tree();
    QCOMPARE(tree->topLevelItemCount(), 3);
    QTreeWidgetItem *retired = tree->topLevelItem(0);
    QCOMPARE(retired->text(0), u"shop:redisson:retired"_s);
    QCOMPARE(retired->text(3), u"gone: its keys below are orphans"_s);
    QCOMPARE(retired->childCount(), 1);
    QCOMPARE(retired->child(0)->text(1), u"Redisson fence token"_s);
    QCOMPARE(retired->child(0)->text(3), u"orphan, 56 bytes"_s);
    QCOMPARE(tree->topLevelItem(1)->text(3), u"exists"_s);
    QCOMPARE(tree->topLevelItem(1)->child(0)->text(3), QString());

    // Long keys (a Redisson reader lease) in a dialog of a 1024x640 window: the key column
    // elides them, the note stays whole in view.
    report.keys.append({"{shop:redisson:catalog}:2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57:"
                        "rwlock_timeout:1",
                        "shop:redisson:catalog", u"redisson-reader-lease"_s, "string", 890'000,
                        true, 56});
    dialog.setReport(report);
    dialog.resize(880, 392);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QHeaderView *header = tree->header();
    const int noteEnd = header->sectionViewportPosition(3) +
                        static_cast<QAbstractItemView *>(tree)->sizeHintForColumn(3);
    QVERIFY2(
        noteEnd <= tree->viewport()->width(),
        qPrintable(u"the note ends at %1 of %2"_s.arg(noteEnd).arg(tree->viewport()->width())));
    const auto found = tree->findItems(u"shop:redisson:catalog"_s, Qt::MatchExactly);
    QCOMPARE(found.size(), 1);
    QTreeWidgetItem *lease = found.constFirst()->child(0);
    QVERIFY(lease->text(0).startsWith(u"{shop:redisson:catalog}"_s));
    QCOMPARE(lease->toolTip(0), lease->text(0));
    dialog.hide();

    QSignalSpy rescan(&dialog, &AuxKeysDialog::rescanRequested);
    QTest::mouseClick(dialog.rescanButton(), Qt::LeftButton);
    QCOMPARE(rescan.size(), 1);
    QCOMPARE(dialog.summaryText(), u"Scanning…"_s);
    report.estimated = true;
    report.error = u"connection lost"_s;
    dialog.setReport(report);
    QCOMPARE(dialog.summaryText(), u"The scan failed: connection lost"_s);
}

void TestLocksWidget::currentLockFollowsChangesAndRemovals()
{
    Fixture f;
    f.populate();
    f.widget.show();
    QSignalSpy current(&f.widget, &LocksWidget::currentLockChanged);
    QVERIFY(f.widget.selectKey("shop:orders:43"));
    QCOMPARE(current.size(), 1);
    // Ticks and re-syncs are not a new current lock...
    f.now += 500;
    f.widget.model()->tick();
    f.widget.model()->applyTtls({{"shop:orders:43", 30'000}});
    QCOMPARE(current.size(), 1);
    // ...a new holder is: the actions must use the new value.
    f.widget.model()->upsert({lockOf("shop:orders:43", 30'000, R"({"host":"web-9"})")});
    QCOMPARE(current.size(), 2);
    QCOMPARE(current.last().first().value<LockSnapshot>().metadata(),
             QByteArray(R"({"host":"web-9"})"));

    // Clearing the table (a new connection) leaves no current lock.
    f.widget.model()->clear();
    QCOMPARE(current.size(), 3);
    QVERIFY(current.last().first().value<LockSnapshot>().key.isEmpty());
    QVERIFY(f.child<QLabel>(u"placeholder"_s)->isVisible());
    QTRY_COMPARE(f.widget.statusText(), u"0 locks · 0 shown · 0 stuck"_s);
}

void TestLocksWidget::activatingARow()
{
    Fixture f;
    f.populate();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QSignalSpy activated(&f.widget, &LocksWidget::activated);
    const QRect cell = f.cellRect("inventory:sku:981", LockTableModel::KeyColumn);
    // A double click is a click and then the double click event, as a window system sends it.
    QTest::mouseClick(f.widget.view()->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(f.widget.view()->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().first().value<LockSnapshot>().key, QByteArray("inventory:sku:981"));
    QVERIFY(f.widget.selectKey("cron:nightly-report"));
    f.widget.view()->setFocus();
    QTest::keyClick(f.widget.view(), Qt::Key_Return);
    QCOMPARE(activated.size(), 2);
    QCOMPARE(activated.last().first().value<LockSnapshot>().key, QByteArray("cron:nightly-report"));
}

void TestLocksWidget::fadingRowsArePaintedFainter()
{
    Fixture f;
    f.widget.view()->setAlternatingRowColors(false);
    f.widget.model()->upsert({lockOf("a:going", 40'000), lockOf("b:staying", 40'000)});
    f.widget.model()->flush();
    f.widget.model()->markRemoved("a:going", KeyRemoval::deleted);
    f.now += LockTimeline::fadeDurationMs * 3 / 4; // a quarter of the opacity left
    f.widget.model()->tick();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    const QImage image = f.widget.view()->viewport()->grab().toImage();
    // The darkest pixel of each key's text: the fading one is much closer to the background.
    const auto darkest = [&](const QByteArray &key) {
        const QRect cell = f.cellRect(key, LockTableModel::KeyColumn);
        int lightness = 255;
        for (int x = cell.left(); x <= cell.right(); ++x) {
            for (int y = cell.top(); y <= cell.bottom(); ++y)
                lightness = std::min(lightness, image.pixelColor(x, y).lightness());
        }
        return lightness;
    };
    QVERIFY2(darkest("b:staying") < 80, qPrintable(QString::number(darkest("b:staying"))));
    QVERIFY2(darkest("a:going") > 150, qPrintable(QString::number(darkest("a:going"))));
    QCOMPARE(f.widget.model()->index(0, 0).data(LockTableModel::FadeRole).toDouble(), 0.25);
}

void TestLocksWidget::remembersColumnsAndSplitter()
{
    QByteArray state;
    QList<int> sizes;
    {
        LocksWidget widget;
        widget.resize(1000, 400);
        widget.show();
        widget.view()->setColumnWidth(LockTableModel::MetadataColumn, 333);
        widget.view()->sortByColumn(LockTableModel::TtlColumn, Qt::DescendingOrder);
        widget.splitter()->setSizes({700, 300});
        sizes = widget.splitter()->sizes();
        state = widget.saveState();
    }
    LocksWidget widget;
    widget.resize(1000, 400);
    widget.show();
    QVERIFY(widget.restoreState(state));
    QCOMPARE(widget.view()->horizontalHeader()->sortIndicatorSection(),
             int(LockTableModel::TtlColumn));
    QCOMPARE(widget.view()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(widget.splitter()->sizes(), sizes);
    // The metadata gave way to the TTL in this small table, when saved and now; with room, it
    // comes back at the width it was given.
    QVERIFY(widget.view()->columnWidth(LockTableModel::MetadataColumn) < 333);
    widget.resize(1600, 400);
    QCoreApplication::processEvents();
    QCOMPARE(widget.view()->columnWidth(LockTableModel::MetadataColumn), 333);
    QVERIFY(!widget.restoreState(QByteArray("garbage")));
}

void TestLocksWidget::ttlBarsPaintTheRemainingFraction_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestLocksWidget::ttlBarsPaintTheRemainingFraction()
{
    QFETCH(bool, dark);
    Fixture f;
    if (dark)
        f.widget.setPalette(darkPalette());
    f.widget.view()->setAlternatingRowColors(false);
    f.widget.model()->markListed(); // seen from their start: the lease is known
    f.widget.model()->upsert({lockOf("a:quarter", 40'000), lockOf("b:stuck", -1)});
    f.widget.model()->flush();
    f.now += 30'000;
    f.widget.model()->tick();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    const QImage image = f.widget.view()->viewport()->grab().toImage();

    const QRect bar = f.cellRect("a:quarter", LockTableModel::TtlColumn).adjusted(4, 3, -4, -3);
    const QColor filled = TtlBarDelegate::barColor(0.25, dark);
    // Left eighth of the bar is filled (away from the centred text), right eighth is track.
    const QPoint inside(bar.left() + bar.width() / 16, bar.center().y());
    const QPoint outside(bar.right() - bar.width() / 16, bar.center().y());
    QVERIFY2(near(image.pixelColor(inside), filled),
             qPrintable(image.pixelColor(inside).name() + u" vs "_s + filled.name()));
    QVERIFY(!near(image.pixelColor(outside), filled, 30));

    const QRect stuck = f.cellRect("b:stuck", LockTableModel::TtlColumn).adjusted(4, 3, -4, -3);
    int warningPixels = 0;
    const QColor warning = TtlBarDelegate::stuckColor(dark);
    for (int x = stuck.left(); x < stuck.left() + stuck.width() / 5; ++x) {
        for (int y = stuck.top(); y <= stuck.bottom(); ++y)
            warningPixels += near(image.pixelColor(x, y), warning, 4) ? 1 : 0;
    }
    QVERIFY2(warningPixels > stuck.width() / 5 * stuck.height() / 4,
             qPrintable(QString::number(warningPixels)));
}

void TestLocksWidget::screenshots_data()
{
    QTest::addColumn<bool>("dark");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<bool>("hex");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QSize>("size");
    // The Locks tab's area in a 1024×640 and a 1600×1000 window, and a larger one.
    const QSize small(1000, 520);
    const QSize large(1576, 880);
    QTest::newRow("light") << false << QByteArray("shop:orders:42") << false
                           << u"lockswidget-light"_s << QSize(1280, 760);
    QTest::newRow("dark") << true << QByteArray("shop:orders:42") << false << u"lockswidget-dark"_s
                          << QSize(1280, 760);
    QTest::newRow("binary, hex, dark") << true << QByteArray("legacy:\x00\xff:bin", 13) << true
                                       << u"lockswidget-binary-dark"_s << QSize(1280, 760);
    QTest::newRow("stuck, light") << false << QByteArray("cron:nightly-report") << false
                                  << u"lockswidget-stuck-light"_s << QSize(1280, 760);
    QTest::newRow("1024x640") << false << QByteArray("shop:orders:42") << false
                              << u"lockswidget-1024x640"_s << small;
    QTest::newRow("1024x640, hex") << false << QByteArray("legacy:\x00\xff:bin", 13) << true
                                   << u"lockswidget-1024x640-hex"_s << small;
    QTest::newRow("1600x1000") << false << QByteArray("shop:orders:42") << false
                               << u"lockswidget-1600x1000"_s << large;
    QTest::newRow("1024x640, disconnected")
        << false << QByteArray() << false << u"lockswidget-1024x640-disconnected"_s << small;
}

void TestLocksWidget::screenshots()
{
    QFETCH(bool, dark);
    QFETCH(QByteArray, key);
    QFETCH(bool, hex);
    QFETCH(QString, name);
    QFETCH(QSize, size);
    Fixture f;
    if (dark)
        f.widget.setPalette(darkPalette());
    if (key.isEmpty()) {
        // Nothing listed yet: the pane says how to connect.
        f.widget.setConnected(false);
        f.widget.resize(size);
        f.widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
        const QString path = screenshotDir() + u'/' + name + u".png"_s;
        QVERIFY(f.widget.grab().toImage().save(path));
        qInfo("screenshot: %s", qPrintable(path));
        QVERIFY(f.child<QLabel>(u"placeholder"_s)->text().contains(u"Connect"_s));
        return;
    }
    f.populate();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    f.widget.resize(size);
    QVERIFY(f.widget.selectKey(key));
    f.widget.detail()->setHexView(hex);
    QTRY_COMPARE(f.widget.statusText(), u"7 locks · 7 shown · 1 stuck"_s);
    // Stand-ins for InspectorSession::commandPreview(), shaped like its output.
    const LockSnapshot lock = f.widget.currentLock();
    const QString shownKey = displayBytes(lock.key);
    const QString releaseSha1 =
        QString::fromLatin1(redislock::scriptSha1(redislock::LockScript::release));
    f.widget.setCommandPreviews(
        {{u"Force release (compare-and-delete on the value shown)"_s,
          u"EVALSHA "_s + releaseSha1 + u" 1 "_s + shownKey + u' ' + displayBytes(lock.value)},
         {u"Delete regardless"_s, u"DEL "_s + shownKey}});
    QCoreApplication::processEvents(); // the sparkline's queued replot
    const QImage image = f.widget.grab().toImage();
    QVERIFY(!image.isNull());
    const QString path = screenshotDir() + u'/' + name + u".png"_s;
    QVERIFY(image.save(path));
    qInfo("screenshot: %s", qPrintable(path));
    // The palette reached the table and the detail pane.
    const QColor base = f.widget.view()->palette().color(QPalette::Base);
    QCOMPARE(base.lightness() < 128, dark);
    QCOMPARE(f.widget.detail()->palette().color(QPalette::Base), base);
}

void TestLocksWidget::fadingRowLeavesNothingSelected()
{
    Fixture f;
    f.populate();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QSignalSpy current(&f.widget, &LocksWidget::currentLockChanged);
    QSignalSpy selected(&f.widget, &LocksWidget::selectedLocksChanged);
    // A click, as the operator would; the view's focus follows.
    const QRect cell = f.cellRect("shop:orders:43", LockTableModel::KeyColumn);
    QTest::mouseClick(f.widget.view()->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(f.widget.currentLock().key, QByteArray("shop:orders:43"));
    QCOMPARE(selected.size(), 1);

    // Someone deletes it: it fades, and nothing is selected any more, not even its neighbour.
    f.widget.model()->markRemoved("shop:orders:43", KeyRemoval::deleted);
    QVERIFY(f.widget.selectedLocks().isEmpty());
    QVERIFY(f.widget.currentLock().key.isEmpty());
    QVERIFY(current.last().first().value<LockSnapshot>().key.isEmpty());
    QCOMPARE(selected.size(), 2);
    QVERIFY(selected.last().first().value<QList<LockSnapshot>>().isEmpty());
    QVERIFY(f.child<QLabel>(u"placeholder"_s)->isVisible());
    // It leaves the table; still nothing selected, the pane still empty, and Del has no target.
    f.now += LockTimeline::fadeDurationMs;
    f.widget.model()->tick();
    QCOMPARE(f.widget.model()->indexOfKey("shop:orders:43"), -1);
    QVERIFY(f.widget.selectedLocks().isEmpty());
    QVERIFY(f.widget.currentLock().key.isEmpty());
    QVERIFY(f.child<QLabel>(u"placeholder"_s)->isVisible());
    QCOMPARE(selected.size(), 2);
    // A fading row cannot be selected into an action either.
    f.widget.model()->markRemoved("shop:orders:42", KeyRemoval::expired);
    f.widget.view()->selectAll();
    const QList<LockSnapshot> all = f.widget.selectedLocks();
    for (const LockSnapshot &lock : all)
        QVERIFY(lock.key != "shop:orders:42" && lock.key != "mail:outbox");
}

void TestLocksWidget::filteredOutRowIsDeselected()
{
    Fixture f;
    f.populate();
    f.widget.show();
    QSignalSpy selected(&f.widget, &LocksWidget::selectedLocksChanged);
    QVERIFY(f.widget.selectKey("billing:invoice:2026-11"));
    QCOMPARE(f.widget.selectedLocks().size(), 1);
    // The operator types a filter that hides the selected row.
    QTest::keyClicks(f.widget.filterEdit(), u"shop"_s);
    QTRY_COMPARE(f.shownKeys(), (QStringList{u"shop:orders:42"_s, u"shop:orders:43"_s}));
    QVERIFY(f.widget.selectedLocks().isEmpty());
    QVERIFY(f.widget.currentLock().key.isEmpty());
    QVERIFY(selected.last().first().value<QList<LockSnapshot>>().isEmpty());
    // Clearing the filter shows it again, but does not act on it behind the operator's back.
    f.widget.setFilterText({});
    QVERIFY(f.widget.selectedLocks().isEmpty());
}

void TestLocksWidget::severalSelectedHaveNoCurrentLock()
{
    Fixture f;
    f.populate();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QTest::mouseClick(f.widget.view()->viewport(), Qt::LeftButton, {},
                      f.cellRect("shop:orders:42", LockTableModel::KeyColumn).center());
    QTest::mouseClick(f.widget.view()->viewport(), Qt::LeftButton, Qt::ControlModifier,
                      f.cellRect("cron:nightly-report", LockTableModel::KeyColumn).center());
    const QList<LockSnapshot> locks = f.widget.selectedLocks();
    QCOMPARE(locks.size(), 2);
    QSet<QByteArray> keys;
    for (const LockSnapshot &lock : locks)
        keys.insert(lock.key);
    QCOMPARE(keys, (QSet<QByteArray>{"shop:orders:42", "cron:nightly-report"}));
    // The values are the ones shown, for a compare-and-delete.
    for (const LockSnapshot &lock : locks)
        QCOMPARE(lock.value,
                 f.widget.model()->snapshot(f.widget.model()->indexOfKey(lock.key)).value);
    // Single-lock actions have no target; the pane says what is selected.
    QVERIFY(f.widget.currentLock().key.isEmpty());
    QVERIFY(f.child<QLabel>(u"placeholder"_s)->isVisible());
    QCOMPARE(f.child<QLabel>(u"placeholder"_s)->text(), u"2 locks selected."_s);
}

void TestLocksWidget::rowsHoldStillUnderAPressedButton()
{
    Fixture f;
    f.populate();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    f.widget.view()->sortByColumn(LockTableModel::TtlColumn, Qt::AscendingOrder);
    const QStringList before = f.shownKeys();
    QCOMPARE(before.first(), u"mail:outbox"_s); // fading first, then the shortest TTL
    QCOMPARE(before.at(1), u"billing:invoice:2026-11"_s);

    // The button goes down on the billing row...
    const QPoint press = f.cellRect("billing:invoice:2026-11", LockTableModel::KeyColumn).center();
    QWidget *viewport = f.widget.view()->viewport();
    QTest::mousePress(viewport, Qt::LeftButton, {}, press);
    QVERIFY(f.widget.proxy()->resortsHeld());
    // ...samples arrive that move it to the bottom, and the re-sort is due...
    f.widget.model()->applyTtls({{"billing:invoice:2026-11", 3'600'000}});
    QVERIFY(f.widget.proxy()->resortPending());
    f.widget.proxy()->flush();
    QTest::qWait(f.widget.proxy()->resortIntervalMs + 100);
    // ...but the rows stay where they were while it is down.
    QCOMPARE(f.shownKeys(), before);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, press);
    QCOMPARE(f.widget.currentLock().key, QByteArray("billing:invoice:2026-11"));
    // After the release the table catches up.
    QTRY_VERIFY(!f.widget.proxy()->resortsHeld());
    QTRY_VERIFY_WITH_TIMEOUT(f.shownKeys().at(1) != u"billing:invoice:2026-11"_s, 5000);
    QCOMPARE(f.widget.currentLock().key, QByteArray("billing:invoice:2026-11"));
}

void TestLocksWidget::honestAboutWhatItDidNotSee()
{
    Fixture f;
    LockTableModel *model = f.widget.model();
    QCOMPARE(
        model->headerData(LockTableModel::AgeColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
        u"Seen for"_s);
    // Listed on connecting: held since who knows when, for a lease of who knows how long.
    model->upsert({lockOf("old:lock", 60'000)});
    model->flush();
    model->markListed();
    f.now += 2000;
    model->tick();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QVERIFY(f.widget.selectKey("old:lock"));
    const QModelIndex ttl = model->index(model->indexOfKey("old:lock"), LockTableModel::TtlColumn);
    QVERIFY(!ttl.data(LockTableModel::LeaseKnownRole).toBool());
    QVERIFY(!ttl.data(LockTableModel::StartSeenRole).toBool());
    QVERIFY(ttl.data(Qt::ToolTipRole).toString().contains(u"lower bound"_s));
    QVERIFY(ttl.siblingAtColumn(LockTableModel::AgeColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"may be much older"_s));
    QCOMPARE(f.child<QLabel>(u"ttlLabel"_s)->text(), u"58.0 s of a lease of at least 1 m 00 s"_s);
    QCOMPARE(f.child<QLabel>(u"ageLabel"_s)->text(), u"at least 2 s"_s);
    QVERIFY(f.child<QLabel>(u"unknownNote"_s)->isVisible());
    QVERIFY(f.child<QLabel>(u"unknownNote"_s)->text().contains(u"not known"_s));
    // Its bar is not painted as a solid fraction of a known lease.
    f.widget.view()->setAlternatingRowColors(false);
    const auto barPixel = [&f](const QByteArray &key) {
        const QImage image = f.widget.view()->viewport()->grab().toImage();
        const QRect bar = f.cellRect(key, LockTableModel::TtlColumn).adjusted(4, 3, -4, -3);
        return image.pixelColor(bar.left() + bar.width() / 16, bar.center().y());
    };
    const double fraction = ttl.data(LockTableModel::TtlFractionRole).toDouble();
    QVERIFY(!near(barPixel("old:lock"), TtlBarDelegate::barColor(fraction, false), 3));

    // A refresh shows the whole lease: from then on it is known.
    f.now += 1000;
    model->applyTtls({{"old:lock", 90'000}});
    QVERIFY(ttl.data(LockTableModel::LeaseKnownRole).toBool());
    QCOMPARE(f.child<QLabel>(u"ttlLabel"_s)->text(), u"1 m 30 s of a 1 m 30 s lease"_s);
    QVERIFY(f.child<QLabel>(u"unknownNote"_s)->text().contains(u"may be older"_s));

    // A lock that appears while watched was seen being taken: age and lease known at once.
    model->upsert({lockOf("new:lock", 30'000)});
    model->flush();
    const QModelIndex fresh =
        model->index(model->indexOfKey("new:lock"), LockTableModel::TtlColumn);
    QVERIFY(fresh.data(LockTableModel::LeaseKnownRole).toBool());
    QVERIFY(fresh.data(LockTableModel::StartSeenRole).toBool());
    QVERIFY(near(barPixel("new:lock"), TtlBarDelegate::barColor(1.0, false)));
}

void TestLocksWidget::locksOnlyHidesOtherKeys()
{
    Fixture f;
    f.populate();
    // A configuration value without expiry is listed, and not a stuck lock.
    f.widget.model()->upsert(
        {lockOf("shop:config:schema-version", -1, "42", redislock::LockFormat::raw)});
    f.widget.model()->flush();
    f.widget.show();
    QTRY_COMPARE(f.widget.statusText(), u"8 locks · 8 shown · 1 stuck"_s);
    QVERIFY(f.shownKeys().contains(u"shop:config:schema-version"_s));
    QVERIFY(!f.widget.model()->isStuck(f.widget.model()->indexOfKey("shop:config:schema-version")));

    auto *button = f.child<QToolButton>(u"locksOnlyButton"_s);
    QVERIFY(button->isCheckable());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(f.widget.locksOnly());
    QVERIFY(!f.shownKeys().contains(u"shop:config:schema-version"_s));
    QVERIFY(!f.shownKeys().contains(u"legacy:\\x00\\xff:bin"_s));
    QVERIFY(f.shownKeys().contains(u"cron:nightly-report"_s));

    // Remembered with the rest of the view's state.
    const QByteArray state = f.widget.saveState();
    LocksWidget other;
    QVERIFY(!other.locksOnly());
    QVERIFY(other.restoreState(state));
    QVERIFY(other.locksOnly());
    QVERIFY(other.proxy()->locksOnly());
}

void TestLocksWidget::placeholderPointsToConnect()
{
    LocksWidget widget;
    auto *placeholder = widget.findChild<QLabel *>(u"placeholder"_s);
    QVERIFY(placeholder);
    QVERIFY(placeholder->text().contains(u"Not connected"_s));
    QVERIFY(placeholder->text().contains(u"Connect…"_s));
    widget.setConnected(true);
    QVERIFY(placeholder->text().startsWith(u"Select a lock"_s));
    widget.setConnected(false);
    QVERIFY(placeholder->text().contains(u"Not connected"_s));
}

void TestLocksWidget::commandsRunAnywhereAndCopy()
{
    Fixture f;
    f.populate();
    f.widget.show();
    QVERIFY(f.widget.selectKey("shop:orders:42"));
    const QString sha1 = QString::fromLatin1(redislock::scriptSha1(redislock::LockScript::release));
    f.widget.setCommandPreviews(
        {{u"Force release"_s, u"EVALSHA "_s + sha1 + u" 1 shop:orders:42 \"a b\""_s},
         {u"Delete regardless"_s, u"DEL shop:orders:42"_s}});
    const QString commands = f.child<QPlainTextEdit>(u"commandsView"_s)->toPlainText();
    QVERIFY2(!commands.contains(u"EVALSHA"_s), qPrintable(commands));
    // The script itself, quoted for redis-cli, with the same keys and arguments.
    const QString eval = f.widget.detail()->commands().first().second;
    QVERIFY2(eval.startsWith(u"EVAL \"for _, key in ipairs(KEYS) do if "_s), qPrintable(eval));
    QVERIFY(eval.contains(u"redis.pcall(\\\"get\\\", key) ~= ARGV[1]"_s));
    QVERIFY(eval.endsWith(u"\" 1 shop:orders:42 \"a b\""_s));
    QVERIFY(!eval.contains(u"-- release.lua"_s));
    QCOMPARE(f.widget.detail()->commands().last().second, u"DEL shop:orders:42"_s);
    // An unknown SHA is shown as it is.
    QCOMPARE(LockDetailWidget::runnableCommand(u"EVALSHA 1234 0"_s), u"EVALSHA 1234 0"_s);

    auto *copy = f.child<QToolButton>(u"copyCommandsButton"_s);
    QVERIFY(copy->isEnabled());
    const QList<QAction *> actions = copy->menu()->actions();
    QCOMPARE(actions.size(), 2);
    actions.first()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), eval);
    actions.last()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), u"DEL shop:orders:42"_s);
}

void TestLocksWidget::commandsAreInReachInASmallWindow()
{
    // The locks tab of a 1024×640 window: about 1000×500 for the view.
    Fixture f;
    f.populate();
    f.widget.resize(1000, 500);
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QVERIFY(f.widget.selectKey("shop:orders:42"));
    f.widget.setCommandPreviews({{u"Force release"_s, u"DEL x"_s}});
    QCoreApplication::processEvents();
    auto *commands = f.child<QPlainTextEdit>(u"commandsView"_s);
    auto *scroll = f.widget.detail()->findChild<QScrollArea *>();
    QVERIFY(scroll);
    const QPoint top = commands->mapTo(scroll->viewport(), QPoint(0, 0));
    // The commands start within the visible part of the pane, without scrolling.
    QVERIFY2(top.y() + 40 < scroll->viewport()->height(),
             qPrintable(QString::number(top.y()) + u" of "_s +
                        QString::number(scroll->viewport()->height())));
    // And the value box shows more than three lines.
    auto *value = f.child<QPlainTextEdit>(u"valueView"_s);
    QVERIFY(value->maximumHeight() > 6 * value->fontMetrics().lineSpacing());
}

void TestLocksWidget::ttlStaysInViewInASmallWindow_data()
{
    QTest::addColumn<bool>("cluster"); // Node and Slot shown
    QTest::addColumn<QSize>("size");
    // The Locks tab's area in a 1024×640 window, and in the default one.
    QTest::newRow("1024x640") << false << QSize(1000, 520);
    QTest::newRow("1024x640, cluster") << true << QSize(1000, 520);
    QTest::newRow("1200x760, cluster") << true << QSize(1176, 640);
}

void TestLocksWidget::ttlStaysInViewInASmallWindow()
{
    QFETCH(bool, cluster);
    QFETCH(QSize, size);
    Fixture f;
    f.populate();
    QTableView *view = f.widget.view();
    QHeaderView *header = view->horizontalHeader();
    const int ttl = LockTableModel::TtlColumn;
    const int chars = view->fontMetrics().averageCharWidth();
    // The columns that give way, in that order, with their minimum widths.
    const QList<std::pair<int, int>> elastic{{LockTableModel::MetadataColumn, chars * 10},
                                             {LockTableModel::TokenColumn, chars * 8},
                                             {LockTableModel::KeyColumn, chars * 12}};
    const int ttlWidth = view->columnWidth(ttl);
    QHash<int, int> widths; // as the widget made them
    for (const auto &[column, minimum] : elastic)
        widths.insert(column, view->columnWidth(column));
    f.widget.setClusterColumnsVisible(cluster);
    f.widget.resize(size);
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QCoreApplication::processEvents();
    const auto ttlInView = [&] {
        const int end = header->sectionViewportPosition(ttl) + header->sectionSize(ttl);
        if (end <= view->viewport()->width())
            return true;
        qWarning("TTL ends at %d of %d", end, view->viewport()->width());
        return false;
    };
    QVERIFY(ttlInView());
    QCOMPARE(view->columnWidth(ttl), ttlWidth); // the TTL is never the one cut
    bool earlierAtMinimum = true;
    for (const auto &[column, minimum] : elastic) {
        const int width = view->columnWidth(column);
        QVERIFY(width >= minimum && width <= widths.value(column));
        // Each gives way only once those before it are at their minimum.
        QVERIFY(earlierAtMinimum || width == widths.value(column));
        earlierAtMinimum = width == minimum;
    }

    // Laid out once: the scroll bars and the columns do not go on resizing each other.
    QSignalSpy resized(header, &QHeaderView::sectionResized);
    QTest::qWait(200);
    QCOMPARE(resized.size(), 0);

    // With room again they grow back to their widths, also one the operator dragged.
    f.widget.resize(1576, 880);
    QCoreApplication::processEvents();
    for (const auto &[column, minimum] : elastic)
        QCOMPARE(view->columnWidth(column), widths.value(column));
    const int metadata = LockTableModel::MetadataColumn;
    view->setColumnWidth(metadata, widths.value(metadata) + 40);
    f.widget.resize(size);
    QCoreApplication::processEvents();
    QVERIFY(ttlInView());
    f.widget.resize(1576, 880);
    QCoreApplication::processEvents();
    QCOMPARE(view->columnWidth(metadata), widths.value(metadata) + 40);
}

// A Redisson read-write lock in a 1024x640 window: its client ids and auxiliary keys are
// longer than the pane is wide, and must not widen it past its scroll area (which cut off the
// Copy button and every note at the right); its size is its fields, not "0 bytes".
void TestLocksWidget::longIdentifiersStayInThePane()
{
    redislock::LockRecord record;
    record.key = "shop:redisson:catalog";
    record.type = "hash";
    record.ttlMs = 900'000;
    record.hash = {{"mode", "read"},
                   {"2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57", "1"},
                   {"9e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0:12", "1"}};
    record.classify(0);
    QCOMPARE(record.format, redislock::LockFormat::redissonRwlock);
    Fixture f;
    f.widget.model()->upsert({LockSnapshot::fromRecord(record)});
    f.widget.model()->flush();
    f.widget.resize(1000, 520);
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QVERIFY(f.widget.selectKey("shop:redisson:catalog"));
    AuxKeyCheck check;
    check.key = "shop:redisson:catalog";
    check.keys.append({"{shop:redisson:catalog}:2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57:"
                       "rwlock_timeout:1",
                       "shop:redisson:catalog", u"redisson-reader-lease"_s, "string", 890'000,
                       false, -1});
    f.widget.detail()->setAuxKeys(check);
    QCoreApplication::processEvents();

    auto *scroll = f.widget.detail()->findChild<QScrollArea *>();
    QVERIFY(scroll);
    QVERIFY2(scroll->widget()->width() <= scroll->viewport()->width(),
             qPrintable(u"content %1 wide in %2"_s.arg(scroll->widget()->width())
                            .arg(scroll->viewport()->width())));
    auto *copy = f.widget.detail()->findChild<QToolButton *>(u"copyCommandsButton"_s);
    QVERIFY(copy);
    QVERIFY(copy->mapTo(scroll->viewport(), QPoint(copy->width(), 0)).x() <=
            scroll->viewport()->width());
    QVERIFY(f.child<QLabel>(u"holderLabel"_s)->text().contains(u"9e1d2c3b-4a59-4687"_s));
    QCOMPARE(f.widget.detail()->findChild<QLabel *>(u"sizeLabel"_s)->text(), u"3 fields"_s);
}

// Who holds a lock, where the operator reads it (the Holder cell, its tool tip and the detail
// pane), in English and in the shipped Chinese, for every format whose bytes name a holder.
void TestLocksWidget::holderIsWordedWhereShown_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("value"); // a string's
    QTest::addColumn<Fields>("hash");      // a hash's
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("details");
    const QByteArray client = "2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80";
    const QByteArray other = "9e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0";
    const QString c = QString::fromLatin1(client);
    const QString o = QString::fromLatin1(other);
    const auto rows = [&](const char *tag, const QByteArray &key, const QByteArray &value,
                          const Fields &hash, const QString &en, const QString &enDetails,
                          const QString &zh, const QString &zhDetails) {
        QTest::addRow("%s, en", tag) << u"en"_s << key << value << hash << en << enDetails;
        QTest::addRow("%s, zh_CN", tag) << u"zh_CN"_s << key << value << hash << zh << zhDetails;
    };
    rows("redisson", "shop:warehouse", {}, Fields{{client + ":57", "2"}},
         u"client 2f3a…, thread 57 ×2"_s,
         u"#1\n  client ID: %1\n  thread ID: 57\n  hold count: 2"_s.arg(c),
         u"客户端 2f3a…，线程 57 ×2"_s,
         u"持有者 #1\n  客户端 ID：%1\n  线程 ID：57\n  持有次数：2"_s.arg(c));
    rows(
        "redisson read lock, three readers", "shop:catalog", {},
        Fields{{"mode", "read"}, {client + ":57", "1"}, {other + ":3", "2"}, {client + ":58", "1"}},
        u"read: client 2f3a…, thread 57 (+2 more)"_s,
        u"mode: read\n#1\n  client ID: %1\n  thread ID: 57\n  hold count: 1\n  lock: read\n"
        u"#2\n  client ID: %2\n  thread ID: 3\n  hold count: 2\n  lock: read\n"
        u"#3\n  client ID: %1\n  thread ID: 58\n  hold count: 1\n  lock: read"_s.arg(c, o),
        u"读锁：客户端 2f3a…，线程 57（另有 2 个）"_s,
        u"模式：读\n持有者 #1\n  客户端 ID：%1\n  线程 ID：57\n  持有次数：1\n  锁类型：读\n"
        u"持有者 #2\n  客户端 ID：%2\n  线程 ID：3\n  持有次数：2\n  锁类型：读\n"
        u"持有者 #3\n  客户端 ID：%1\n  线程 ID：58\n  持有次数：1\n  锁类型：读"_s.arg(c, o));
    rows("redisson write lock, re-entered", "shop:catalog", {},
         Fields{{"mode", "write"}, {client + ":57:write", "3"}},
         u"write: client 2f3a…, thread 57 ×3"_s,
         u"mode: write\n#1\n  client ID: %1\n  thread ID: 57\n  hold count: 3\n  lock: write"_s.arg(
             c),
         u"写锁：客户端 2f3a…，线程 57 ×3"_s,
         u"模式：写\n持有者 #1\n  客户端 ID：%1\n  线程 ID：57\n  持有次数：3\n  锁类型：写"_s.arg(
             c));
    rows("redis-py", "shop:report", "74bcae3007a711ef92340242ac110002", {},
         u"node 02:42:ac:11:00:02, since 2024-05-01 10:42:07Z"_s,
         u"acquired at: 2024-05-01T10:42:07.123Z\nnode: 02:42:ac:11:00:02\nnode kind: MAC "
         u"address"_s,
         u"节点 02:42:ac:11:00:02，自 2024-05-01 10:42:07Z 起"_s,
         u"获取时间：2024-05-01T10:42:07.123Z\n节点：02:42:ac:11:00:02\n节点类型：MAC 地址"_s);
    rows("python-redis-lock", "lock:nightly", "yMnKy8zNzs/Q0dLT1NXW19jZ", {}, u"id yMnK…"_s,
         u"id: yMnKy8zNzs/Q0dLT1NXW19jZ\nsignal key: lock-signal:nightly\nsignal list length: 1"_s,
         u"ID yMnK…"_s,
         u"ID：yMnKy8zNzs/Q0dLT1NXW19jZ\n信号键：lock-signal:nightly\n信号列表长度：1"_s);
    rows(
        "shedlock, its id, under job-lock", "job-lock:prod:nightly",
        "ADDED:2024-05-01T10:42:07.1Z@cron-01:" + other, {},
        u"host cron-01, since 2024-05-01 10:42:07Z"_s,
        u"locked at: 2024-05-01T10:42:07.1Z\nhost: cron-01\nid: %1\nenvironment: prod\n"
        u"job: nightly"_s.arg(o),
        u"主机 cron-01，自 2024-05-01 10:42:07Z 起"_s,
        u"加锁时间：2024-05-01T10:42:07.1Z\n主机：cron-01\nID：%1\n环境：prod\n任务：nightly"_s.arg(
            o));
}

void TestLocksWidget::holderIsWordedWhereShown()
{
    QFETCH(QString, language);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, value);
    QFETCH(Fields, hash);
    QFETCH(QString, line);
    QFETCH(QString, details);
    const lockscope::test::ShippedTranslation translation(language);
    QVERIFY(translation.loaded());
    redislock::LockRecord record;
    record.key = key.toStdString();
    record.ttlMs = 30'000;
    if (hash.isEmpty()) {
        record.value = value.toStdString();
        record.valueSize = record.value.size();
    } else {
        record.type = "hash";
        for (const auto &[field, content] : hash)
            record.hash.emplace_back(field.toStdString(), content.toStdString());
    }
    record.signalLength = key.startsWith("lock:") ? 1 : -1;
    record.classify(0);

    Fixture f;
    f.widget.model()->upsert({LockSnapshot::fromRecord(record)});
    f.widget.model()->flush();
    f.widget.resize(1280, 700);
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QVERIFY(f.widget.selectKey(key));
    const QModelIndex cell = f.widget.proxy()->index(0, LockTableModel::HolderColumn);
    QCOMPARE(cell.data(Qt::DisplayRole).toString(), line);
    QCOMPARE(cell.data(Qt::ToolTipRole).toString(), details);
    QCOMPARE(f.child<QLabel>(u"holderLabel"_s)->text(), details);
    // Exports keep the core's English, as lockctl prints it.
    const LockSnapshot shown = LockSnapshot::fromRecord(record);
    QCOMPARE(shown.holderText(), QString::fromStdString(redislock::holderSummary(record)));
    if (QTest::currentDataTag() == "redisson read lock, three readers, zh_CN"_ba) {
        QCoreApplication::processEvents(); // the pane's layout for the new text
        QVERIFY(f.widget.grab().toImage().save(screenshotDir() + u"/holder-zh_CN.png"_s));
    }
}

void TestLocksWidget::hexDumpKeepsItsAsciiColumn()
{
    Fixture f;
    LockSnapshot lock = lockOf("bin", 5000, QByteArray(40, 'A') + QByteArray("\x00\x01", 2),
                               redislock::LockFormat::raw);
    f.widget.model()->upsert({lock});
    f.widget.model()->flush();
    f.widget.resize(1000, 500);
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QVERIFY(f.widget.selectKey("bin"));
    f.widget.detail()->setHexView(true);
    auto *value = f.child<QPlainTextEdit>(u"valueView"_s);
    const QStringList lines = value->toPlainText().split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(!lines.isEmpty());
    // Every line ends with its ASCII column, and the widest line fits the box.
    const QFontMetrics metrics(value->font());
    for (const QString &line : lines) {
        QVERIFY2(line.endsWith(u'|'), qPrintable(line));
        QVERIFY2(metrics.horizontalAdvance(line) <= value->viewport()->width(), qPrintable(line));
    }
    QVERIFY(lines.last().contains(u"|..|"_s) || lines.last().contains(u"AA..|"_s));
}

void TestLocksWidget::tooltipsAreCapped()
{
    Fixture f;
    const QByteArray metadata = "{\"note\":\"" + QByteArray(1900, 'x') + "\"}";
    f.widget.model()->upsert({lockOf(QByteArray(600, 'k'), 5000, metadata)});
    f.widget.model()->flush();
    const QModelIndex key = f.widget.model()->index(0, LockTableModel::KeyColumn);
    for (const int column : {int(LockTableModel::KeyColumn), int(LockTableModel::MetadataColumn)}) {
        const QString tip = key.siblingAtColumn(column).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.size() <= 301, qPrintable(QString::number(tip.size())));
        QVERIFY(tip.endsWith(u'…'));
    }
    f.widget.show();
    QVERIFY(f.widget.selectKey(QByteArray(600, 'k')));
    QVERIFY(f.child<QLabel>(u"keyLabel"_s)->toolTip().size() <= 301);
}

// QRegion::contains(QRect) is true when they overlap.
bool covers(const QRegion &region, const QRect &rect)
{
    return QRegion(rect).subtracted(region).isEmpty();
}

// Counts the viewport's paints, and those that covered all of it.
class PaintCounter : public QObject
{
public:
    explicit PaintCounter(QWidget *widget) : m_widget(widget) { widget->installEventFilter(this); }
    int paints = 0;
    int wholePaints = 0;
    QRegion painted;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_widget && event->type() == QEvent::Paint) {
            ++paints;
            painted += static_cast<QPaintEvent *>(event)->region();
            if (covers(static_cast<QPaintEvent *>(event)->region(), m_widget->rect()))
                ++wholePaints;
        }
        return false;
    }

private:
    QWidget *m_widget;
};

// What the viewport shows on screen is what a full repaint would show.
bool screenIsUpToDate(QWidget *window, QWidget *viewport)
{
    const QPoint at = viewport->mapTo(window, QPoint(0, 0));
    const QImage onScreen =
        viewport->screen()
            ->grabWindow(window->winId(), at.x(), at.y(), viewport->width(), viewport->height())
            .toImage()
            .convertToFormat(QImage::Format_RGB32);
    return onScreen == viewport->grab().toImage().convertToFormat(QImage::Format_RGB32);
}

void TestLocksWidget::appendedRowsRepaintOnlyWhereTheyShow_data()
{
    QTest::addColumn<int>("listed");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<bool>("repainted");
    // A full table sorted by key keeps new rows at its end until the next re-sort: out of sight.
    QTest::newRow("below the last visible row") << 200 << Qt::AscendingOrder << false;
    // Room left below the rows: the new ones show there.
    QTest::newRow("into free space") << 3 << Qt::AscendingOrder << true;
    // Sorted the other way, new rows still wait at the end.
    QTest::newRow("descending") << 200 << Qt::DescendingOrder << false;
}

void TestLocksWidget::appendedRowsRepaintOnlyWhereTheyShow()
{
    QFETCH(int, listed);
    QFETCH(Qt::SortOrder, order);
    QFETCH(bool, repainted);
    Fixture f;
    f.widget.resize(1000, 400);
    QList<LockSnapshot> locks;
    for (int i = 0; i < listed; ++i)
        locks.append(lockOf("lock:" + QByteArray::number(1000 + i), 30'000));
    f.widget.model()->upsert(locks);
    f.widget.model()->flush();
    f.widget.view()->sortByColumn(LockTableModel::KeyColumn, order);
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QWidget *viewport = f.widget.view()->viewport();
    QScrollBar *scrollBar = f.widget.view()->verticalScrollBar();
    const int maximum = scrollBar->maximum();
    QTRY_VERIFY(viewport->isVisible() && !f.widget.proxy()->resortPending());
    QCoreApplication::processEvents();

    // New keys arrive; their re-sort waits, so that they stay where they were inserted.
    PaintCounter counter(viewport);
    f.widget.proxy()->holdResorts(true);
    locks.clear();
    for (int i = 0; i < 20; ++i)
        locks.append(lockOf("lock:" + QByteArray::number(5000 + i), 30'000));
    f.widget.model()->upsert(locks);
    f.widget.model()->flush();
    QCOMPARE(f.widget.proxy()->rowCount(), listed + 20);
    if (listed > 3) // the scroll bar grows with the rows that do not fit
        QTRY_VERIFY(scrollBar->maximum() > maximum);
    QTRY_VERIFY(!repainted || counter.paints > 0);
    QCoreApplication::processEvents();
    QCOMPARE(counter.wholePaints > 0, repainted);
    const QStringList shown = f.shownKeys();
    QCOMPARE(shown.first(),
             order == Qt::AscendingOrder ? u"lock:1000"_s : u"lock:%1"_s.arg(1000 + listed - 1));

    // Repainted or not, the screen shows what a full repaint would.
    QVERIFY(screenIsUpToDate(&f.widget, viewport));
    // The new rows are there to scroll to.
    f.widget.view()->scrollToBottom();
    QTRY_COMPARE(f.widget.view()->rowAt(viewport->height() - 1), listed + 19);
    f.widget.proxy()->holdResorts(false);
}

void TestLocksWidget::changesShowWhileRowsAreAppendedOutOfSight()
{
    Fixture f;
    f.widget.resize(1000, 400);
    QList<LockSnapshot> locks;
    for (int i = 0; i < 200; ++i)
        locks.append(lockOf("lock:" + QByteArray::number(1000 + i), 30'000));
    f.widget.model()->upsert(locks);
    f.widget.model()->flush();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    QWidget *viewport = f.widget.view()->viewport();
    QTRY_VERIFY(!f.widget.proxy()->resortPending());
    QCoreApplication::processEvents();
    const QRect ttl = f.cellRect("lock:1001", LockTableModel::TtlColumn);
    QVERIFY(viewport->rect().contains(ttl));

    // In one turn of the event loop: rows appended out of sight (a layout that repaints nothing)
    // and a new TTL read for a row in view.
    f.widget.proxy()->holdResorts(true);
    PaintCounter counter(viewport);
    locks.clear();
    for (int i = 0; i < 20; ++i)
        locks.append(lockOf("lock:" + QByteArray::number(5000 + i), 30'000));
    f.widget.model()->upsert(locks);
    f.widget.model()->flush();
    f.widget.model()->applyTtls({{"lock:1001", 3000}});
    QCOMPARE(f.widget.model()
                 ->index(f.widget.model()->indexOfKey("lock:1001"), LockTableModel::TtlColumn)
                 .data()
                 .toString(),
             u"3.0 s"_s);
    QTRY_VERIFY(covers(counter.painted, ttl));
    QCoreApplication::processEvents();
    QCOMPARE(counter.wholePaints, 0);
    QVERIFY(screenIsUpToDate(&f.widget, viewport));
    f.widget.proxy()->holdResorts(false);
}

QTEST_MAIN(TestLocksWidget)
#include "tst_lockswidget.moc"
