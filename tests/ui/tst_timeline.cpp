// Each lock's history in the inspector: the real main window on a real redis-server with
// keyspace notifications, the locks changed behind its back with raw commands (as another
// service would), and what the detail pane's timeline, the Busiest locks tab, the filter and the
// snapshot export then show.
#include "actions/forcereleasedialog.h"
#include "locks/busiestlockswidget.h"
#include "locks/historytimelinewidget.h"
#include "locks/lockdetailwidget.h"
#include "locks/lockfilterproxymodel.h"
#include "locks/lockhistoryfeed.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "locks/snapshotexport.h"
#include "mainwindow.h"
#include "session/inspectorsession.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace lockscope::test;
using namespace std::chrono_literals;

namespace {

const QString password = QStringLiteral("tl-s3cret-pw");

// A redislock token: 16 bytes in 22 characters of base64url (the last one's low bits zero).
std::string token(char fill)
{
    return std::string(21, fill) + 'A';
}

// A redislock value: the token, then JSON metadata.
QByteArray lockValue(char fill, const QByteArray &metadata = R"({"job":"t"})")
{
    return QByteArray::fromStdString(token(fill)) + metadata;
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RedisServer> server_;
    std::unique_ptr<RawRedis> raw_;
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<MainWindow> window_;
    QString prefix_;

    bool openWindow()
    {
        dir_ = std::make_unique<QTemporaryDir>();
        window_ = std::make_unique<MainWindow>(dir_->filePath(QStringLiteral("audit.jsonl")),
                                               dir_->filePath(QStringLiteral("settings.ini")));
        window_->resize(1200, 760);
        window_->show();
        prefix_ = QString::fromStdString(uniqueKey("tl"));
        ConnectionProfile profile;
        profile.name = QStringLiteral("timeline test");
        profile.url = server_->url();
        profile.password = password;
        profile.prefix = prefix_;
        profile.maxHoldMinutes = 7;
        window_->openConnection(profile);
        return QTest::qWaitFor(
            [this] { return window_->session()->state() == InspectorSession::State::connected; },
            10000);
    }

    [[nodiscard]] QByteArray key(const char *name) const
    {
        return (prefix_ + QLatin1Char(':') + QLatin1String(name)).toUtf8();
    }
    [[nodiscard]] LockTableModel *model() const { return window_->locksWidget()->model(); }
    [[nodiscard]] HistoryTimelineWidget *detailTimeline() const
    {
        return window_->locksWidget()->detail()->timeline();
    }
    [[nodiscard]] QList<HistoryTimelineWidget::Item> barsOf(const QByteArray &name) const
    {
        QList<HistoryTimelineWidget::Item> bars;
        for (const auto &bar : detailTimeline()->bars())
            if (bar.key == name)
                bars.append(bar);
        return bars;
    }
    // Selects the key in the table, once it is listed.
    bool select(const QByteArray &name)
    {
        return QTest::qWaitFor([&] { return window_->locksWidget()->selectKey(name); }, 10000);
    }
    [[nodiscard]] QStringList shownKeys() const
    {
        QStringList keys;
        const QAbstractItemModel *proxy = window_->locksWidget()->proxy();
        for (int row = 0; row < proxy->rowCount(); ++row)
            keys.append(proxy->index(row, LockTableModel::KeyColumn).data().toString());
        keys.sort();
        return keys;
    }

private Q_SLOTS:
    void initTestCase()
    {
        RedisServerOptions options;
        options.notifyKeyspaceEvents = QStringLiteral("KEA");
        options.password = password;
        server_ = std::make_unique<RedisServer>(options);
        QVERIFY2(server_->start(), qPrintable(server_->errorString()));
        raw_ = std::make_unique<RawRedis>(server_->port(), password.toUtf8());
    }

    void cleanup()
    {
        window_.reset();
        raw_->command({"FLUSHALL"});
    }

    // Obtained, refreshed, released, obtained by another holder: a bar per holder, the first
    // closed with its refresh, the second open.
    void detailTimelineShowsEachHolder()
    {
        QVERIFY(openWindow());
        const QByteArray name = key("orders");
        QVERIFY(raw_->set(name, lockValue('a'), 5000ms));
        QVERIFY(select(name));
        // The last minute: the finest axis the pane offers.
        auto *span = window_->locksWidget()->detail()->findChild<QComboBox *>(
            QStringLiteral("timelineSpan"));
        QVERIFY(span);
        span->setCurrentIndex(0);
        QCOMPARE(detailTimeline()->span(), std::chrono::milliseconds(60000));
        QTRY_COMPARE_WITH_TIMEOUT(barsOf(name).size(), 1, 10000);
        QVERIFY(barsOf(name).first().open);
        QCOMPARE(barsOf(name).first().token, token('a'));

        // A refresh: the TTL goes up under the same value.
        QCOMPARE(raw_->command({"PEXPIRE", name, "30000"}).integer, 1);
        QTRY_VERIFY_WITH_TIMEOUT(!barsOf(name).isEmpty() && barsOf(name).first().refreshes >= 1,
                                 10000);
        // Released: the row leaves the table (and the detail pane), the Busiest locks tab keeps its
        // bar, closed.
        QCOMPARE(raw_->del(name), 1);
        BusiestLocksWidget *tab = window_->timelineTab();
        const auto released = [&] {
            tab->refresh();
            const auto bars = tab->timeline()->bars();
            return bars.size() == 1 && bars.first().key == name && !bars.first().open;
        };
        QTRY_VERIFY_WITH_TIMEOUT(released(), 10000);
        QVERIFY2(tab->timeline()->bars().first().toolTip.contains(QStringLiteral("released")),
                 qPrintable(tab->timeline()->bars().first().toolTip));
        // Taken by another holder: two bars in the detail pane.
        QVERIFY(raw_->set(name, lockValue('b'), 30000ms));
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(name) >= 0 &&
                                     model()->snapshot(model()->indexOfKey(name)).value ==
                                         lockValue('b') &&
                                     !model()->isFading(model()->indexOfKey(name)),
                                 10000);
        QVERIFY(select(name));
        QTRY_COMPARE_WITH_TIMEOUT(barsOf(name).size(), 2, 10000);
        const auto bars = barsOf(name);
        QCOMPARE(bars[0].token, token('a'));
        QVERIFY(!bars[0].open);
        QCOMPARE(bars[1].token, token('b'));
        QVERIFY(bars[1].open);
        // One after the other on the axis (a bar is at least 2 px wide).
        QVERIFY(bars[0].rect.left() <= bars[1].rect.left());
        QVERIFY(bars[0].rect.right() <= bars[1].rect.left() + 2.5);
        QVERIFY(bars[1].toolTip.contains(QStringLiteral("Still held")));

        // Painted where laid out: the bar's middle is not the background.
        const QImage image = detailTimeline()->grab().toImage();
        const QPoint middle = bars[1].rect.center().toPoint() * image.devicePixelRatio();
        QVERIFY(image.pixelColor(middle) != detailTimeline()->palette().color(QPalette::Base));
    }

    // Force release from the window: the holder's bar ends as deleted by this app, not as a
    // release, whichever of the keyspace event and the action's outcome came first.
    void forceReleaseEndsTheTenureAsDeleted()
    {
        QVERIFY(openWindow());
        const QByteArray name = key("job");
        QVERIFY(raw_->set(name, lockValue('j'), 60000ms));
        QVERIFY(select(name));
        QTRY_VERIFY(window_->forceReleaseAction()->isEnabled());
        window_->forceReleaseAction()->trigger();
        ForceReleaseDialog *dialog = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] {
                dialog = window_->findChild<ForceReleaseDialog *>();
                return dialog && dialog->isVisible();
            },
            5000));
        QSignalSpy finished(window_->session(), &InspectorSession::actionFinished);
        QTest::mouseClick(dialog->forceReleaseButton(), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<ActionResult>().outcome,
                 ActionResult::Outcome::done);
        QVERIFY(!raw_->exists(name));
        const auto ended = [&] {
            const redislock::KeyHistory *history = window_->history()->find(name);
            return history && history->tenures.size() == 1 && history->tenures.front().end;
        };
        QTRY_VERIFY_WITH_TIMEOUT(ended(), 10000);
        const redislock::KeyHistory *history = window_->history()->find(name);
        QCOMPARE(int(history->tenures.front().endKind), int(redislock::LockEventKind::deleted));
        window_->timelineTab()->refresh();
        const auto bars = window_->timelineTab()->timeline()->bars();
        QCOMPARE(bars.size(), 1);
        QVERIFY2(bars.first().toolTip.contains(QStringLiteral("deleted by this app")),
                 qPrintable(bars.first().toolTip));
    }

    // The Busiest locks tab lists the busiest keys first; a click selects the lock in the table.
    void busiestViewListsBusiestKeys()
    {
        QVERIFY(openWindow());
        const QByteArray busy = key("busy");
        const QByteArray medium = key("medium");
        const QByteArray quiet = key("quiet");
        QVERIFY(raw_->set(quiet, lockValue('q'), 60000ms));
        for (const char fill : {'1', '2', '3', '4'}) {
            QVERIFY(raw_->set(busy, lockValue(fill), 60000ms));
            // Each holder is read before the next comes: wait until the table shows it.
            QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(busy) >= 0 &&
                                         model()->snapshot(model()->indexOfKey(busy)).value ==
                                             lockValue(fill),
                                     10000);
        }
        for (const char fill : {'x', 'y'}) {
            QVERIFY(raw_->set(medium, lockValue(fill), 60000ms));
            QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(medium) >= 0 &&
                                         model()->snapshot(model()->indexOfKey(medium)).value ==
                                             lockValue(fill),
                                     10000);
        }
        BusiestLocksWidget *tab = window_->timelineTab();
        window_->tabs()->setCurrentWidget(tab);
        QTRY_COMPARE_WITH_TIMEOUT(tab->keys(), (QList<QByteArray>{busy, medium, quiet}), 10000);
        // One row each: the busy key has a bar per holder, four in all.
        int busyBars = 0;
        for (const auto &bar : tab->timeline()->bars())
            busyBars += bar.key == busy ? 1 : 0;
        QCOMPARE(busyBars, 4);
        tab->countSpin()->setValue(1);
        QCOMPARE(tab->keys(), QList<QByteArray>{busy});

        // A click on the row selects the lock in the Locks tab.
        const auto bar = tab->timeline()->bars().constFirst();
        QTest::mouseClick(tab->timeline(), Qt::LeftButton, {}, bar.rect.center().toPoint());
        QCOMPARE(window_->tabs()->currentWidget(), window_->locksWidget());
        QTRY_COMPARE(window_->locksWidget()->currentLock().key, busy);
    }

    // is:anomaly keeps a lock without expiry and one refreshed late; anomaly:NAME each alone;
    // the badge, the tool tip and the detail pane's list say what was flagged.
    void anomalyFilter()
    {
        QVERIFY(openWindow());
        // The connection's maximum hold is the history's.
        QCOMPARE(window_->history()->maxHold(), std::chrono::milliseconds(7min));
        QAbstractItemModelTester tester(model());
        const QByteArray stuck = key("stuck");
        const QByteArray late = key("late");
        const QByteArray fine = key("fine");
        QVERIFY(raw_->set(fine, lockValue('f'), 60000ms));
        QVERIFY(raw_->set(stuck, lockValue('s')));
        QVERIFY(raw_->set(late, lockValue('l'), 3000ms));
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(late) >= 0 &&
                                     model()->indexOfKey(stuck) >= 0 &&
                                     model()->indexOfKey(fine) >= 0,
                                 10000);
        // Refreshed with less than a fifth of its 3 s lease left.
        QVERIFY(QTest::qWaitFor([&] { return raw_->pttl(late) < 400; }, 5000));
        QCOMPARE(raw_->command({"PEXPIRE", late, "3000"}).integer, 1);

        window_->locksWidget()->setFilterText(QStringLiteral("is:anomaly"));
        const QStringList both{QString::fromUtf8(late), QString::fromUtf8(stuck)};
        QTRY_COMPARE_WITH_TIMEOUT(shownKeys(), both, 10000);
        window_->locksWidget()->setFilterText(QStringLiteral("anomaly:late-refresh"));
        QTRY_COMPARE(shownKeys(), QStringList{QString::fromUtf8(late)});
        window_->locksWidget()->setFilterText(QStringLiteral("anomaly:no-expiry"));
        QTRY_COMPARE(shownKeys(), QStringList{QString::fromUtf8(stuck)});
        window_->locksWidget()->setFilterText(QStringLiteral("anomaly:nonsense"));
        QTRY_COMPARE(shownKeys(), QStringList());
        window_->locksWidget()->setFilterText({});

        // The badge beside the key and its tool tip.
        const QModelIndex lateIndex = model()->index(model()->indexOfKey(late), 0);
        QVERIFY(!lateIndex.data(Qt::DecorationRole).isNull());
        QVERIFY(
            lateIndex.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Late refresh")));
        QVERIFY(model()->index(model()->indexOfKey(fine), 0).data(Qt::DecorationRole).isNull());
        // The detail pane's list: the translated name and the core's figures.
        QVERIFY(select(late));
        QTRY_VERIFY(window_->locksWidget()->detail()->anomalyText().contains(
            QStringLiteral("Late refresh")));
        QVERIFY(window_->locksWidget()->detail()->anomalyText().contains(QStringLiteral("ms")));
        QCOMPARE(detailTimeline()->anomalyMarks().size(), 1);

        // For looking at: the window at 1024x640 with the detail pane at the anomaly list.
        window_->resize(1024, 640);
        for (QWidget *parent = detailTimeline()->parentWidget(); parent;
             parent = parent->parentWidget())
            if (auto *scroll = qobject_cast<QScrollArea *>(parent)) {
                scroll->ensureWidgetVisible(window_->locksWidget()->detail()->findChild<QLabel *>(
                                                QStringLiteral("anomalyList")),
                                            0, 0);
                break;
            }
        QDir().mkpath(QStringLiteral(TIMELINE_SCREENSHOT_DIR));
        QVERIFY(window_->grab().save(QStringLiteral(TIMELINE_SCREENSHOT_DIR "/anomalies.png")));
    }

    // The export parses as JSON with the rows, each lock's timeline and the audit entries, the
    // CSV beside it has the table, and neither carries the password.
    void exportSnapshot()
    {
        QVERIFY(openWindow());
        const QByteArray mine = key("mine");
        const QByteArray theirs = key("theirs");
        ObtainRequest request;
        request.keys = {mine};
        request.ttlMs = 60000;
        window_->session()->obtain(request);
        QTRY_VERIFY_WITH_TIMEOUT(window_->session()->holds(mine), 10000);
        QVERIFY(raw_->set(theirs, lockValue('t'), 60000ms));
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(mine) >= 0 && model()->indexOfKey(theirs) >= 0,
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(window_->history()->find(theirs) != nullptr, 10000);

        QSignalSpy finished(window_->snapshotExporter(), &SnapshotExporter::finished);
        const QString path = dir_->filePath(QStringLiteral("snap.json"));
        window_->exportSnapshot(path);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(2).toString(), QString());

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.contains(password.toUtf8()));
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
        QVERIFY2(document.isObject(), qPrintable(error.errorString()));
        const QJsonObject root = document.object();
        QCOMPARE(root[u"connection"].toString(), QStringLiteral("timeline test"));
        QStringList rowKeys;
        for (const QJsonValue &row : root[u"locks"].toArray()) {
            rowKeys.append(row[u"key"].toString());
            QVERIFY(row.toObject().contains(u"ttl_ms"));
            QVERIFY(row.toObject().contains(u"holder"));
        }
        rowKeys.sort();
        QCOMPARE(rowKeys, (QStringList{QString::fromUtf8(mine), QString::fromUtf8(theirs)}));
        QJsonObject theirTimeline;
        for (const QJsonValue &timeline : root[u"timelines"].toArray())
            if (timeline[u"key"].toString() == QString::fromUtf8(theirs))
                theirTimeline = timeline.toObject();
        QVERIFY(!theirTimeline.isEmpty());
        QVERIFY(!theirTimeline[u"events"].toArray().isEmpty());
        QCOMPARE(theirTimeline[u"tenures"].toArray().size(), 1);
        QCOMPARE(theirTimeline[u"tenures"].toArray().first()[u"token"].toString(),
                 QString::fromStdString(token('t')));
        bool obtained = false;
        for (const QJsonValue &entry : root[u"audit"].toArray())
            obtained = obtained || (entry[u"action"].toString() == QStringLiteral("obtain") &&
                                    entry[u"key"].toString() == QString::fromUtf8(mine));
        QVERIFY(obtained);

        QFile csv(SnapshotExporter::csvPath(path));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QVERIFY(lines.first().startsWith("key,format,holder,token"));
        QCOMPARE(lines.size(), 4); // header, two rows, the last line's end
        QVERIFY(lines[1].startsWith(mine) || lines[2].startsWith(mine));

        // A path that cannot be written: one line saying so.
        window_->exportSnapshot(dir_->filePath(QStringLiteral("missing/dir/snap.json")));
        QVERIFY(finished.wait(20000));
        const QString failure = finished.last().at(2).toString();
        QVERIFY(failure.contains(QStringLiteral("snap.json")));
        QVERIFY(!failure.contains(u'\n'));
    }
};

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
