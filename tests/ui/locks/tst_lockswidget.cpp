#include "common/bytetext.h"
#include "common/darkpalette.h"
#include "locks/lockdetailwidget.h"
#include "locks/lockfilterproxymodel.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "locks/ttlbardelegate.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSplitter>
#include <QStyleFactory>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;

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
    void currentLockFollowsChangesAndRemovals();
    void activatingARow();
    void fadingRowsArePaintedFainter();
    void remembersColumnsAndSplitter();
    void ttlBarsPaintTheRemainingFraction_data();
    void ttlBarsPaintTheRemainingFraction();
    void screenshots_data();
    void screenshots();
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
    QCOMPARE(f.child<QPlainTextEdit>(u"metadataView"_s)->toPlainText(), uR"({
    "host": "web-3",
    "pid": 4711,
    "service": "checkout",
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
    f.now += LockTableModel::fadeDurationMs * 3 / 4; // a quarter of the opacity left
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
    QCOMPARE(widget.view()->columnWidth(LockTableModel::MetadataColumn), 333);
    QCOMPARE(widget.view()->horizontalHeader()->sortIndicatorSection(),
             int(LockTableModel::TtlColumn));
    QCOMPARE(widget.view()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(widget.splitter()->sizes(), sizes);
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
    QTest::newRow("light") << false << QByteArray("shop:orders:42") << false
                           << u"lockswidget-light"_s;
    QTest::newRow("dark") << true << QByteArray("shop:orders:42") << false << u"lockswidget-dark"_s;
    QTest::newRow("binary, hex, dark")
        << true << QByteArray("legacy:\x00\xff:bin", 13) << true << u"lockswidget-binary-dark"_s;
    QTest::newRow("stuck, light") << false << QByteArray("cron:nightly-report") << false
                                  << u"lockswidget-stuck-light"_s;
}

void TestLocksWidget::screenshots()
{
    QFETCH(bool, dark);
    QFETCH(QByteArray, key);
    QFETCH(bool, hex);
    QFETCH(QString, name);
    Fixture f;
    if (dark)
        f.widget.setPalette(darkPalette());
    f.populate();
    f.widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.widget));
    f.widget.resize(1280, 760);
    QVERIFY(f.widget.selectKey(key));
    f.widget.detail()->setHexView(hex);
    QTRY_COMPARE(f.widget.statusText(), u"7 locks · 7 shown · 1 stuck"_s);
    // Stand-ins for InspectorSession::commandPreview(), shaped like its output.
    const LockSnapshot lock = f.widget.currentLock();
    const QString shownKey = displayBytes(lock.key);
    f.widget.setCommandPreviews({{u"Force release (compare-and-delete on the value shown)"_s,
                                  u"EVALSHA 7d2a0e9c2d6f1ae35b3d0c1b0c0f1e6a3f4b5c6d 1 "_s +
                                      shownKey + u' ' + displayBytes(lock.value)},
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

QTEST_MAIN(TestLocksWidget)
#include "tst_lockswidget.moc"
