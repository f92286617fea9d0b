#pragma once

// The dialogs an operator opens from the window, each built as the window builds it, for the
// suites that walk every widget in them (tst_accelerators: one meaning per Alt+letter;
// tst_translations: no English left in Chinese): one list, so that a dialog added here is
// walked by both.

#include "actions/forcereleasedialog.h"
#include "actions/obtaindialog.h"
#include "connection/connectiondialog.h"
#include "session/locksnapshot.h"

#include <QDialog>
#include <QTest>

#include <memory>
#include <vector>

namespace testsupport {

// A redislock lock as the Force release… dialog is shown it.
inline LockSnapshot someLock()
{
    LockSnapshot lock;
    lock.key = "shop:orders:42";
    lock.value = QByteArrayLiteral("Zm9vYmFyYmF6cXV4MTIzNA{\"owner\":\"ops\"}");
    lock.valueSize = lock.value.size();
    lock.ttlMs = 8200;
    lock.format = redislock::LockFormat::redislock;
    lock.tokenLength = 22;
    return lock;
}

struct OperatorDialogs
{
    std::vector<std::unique_ptr<QDialog>> all;
    ForceReleaseDialog *forceRelease = nullptr; // one of `all`
};

// Obtain…, the connection dialog and Force release… of someLock(), built in the language
// installed now; not shown yet.
inline OperatorDialogs makeOperatorDialogs()
{
    OperatorDialogs dialogs;
    dialogs.all.push_back(std::make_unique<ObtainDialog>());
    dialogs.all.push_back(std::make_unique<ConnectionDialog>());
    auto forceRelease = std::make_unique<ForceReleaseDialog>(someLock());
    dialogs.forceRelease = forceRelease.get();
    dialogs.all.push_back(std::move(forceRelease));
    return dialogs;
}

// Shows every one; false when one is not exposed.
[[nodiscard]] inline bool showAll(const OperatorDialogs &dialogs)
{
    for (const auto &dialog : dialogs.all) {
        dialog->show();
        if (!QTest::qWaitForWindowExposed(dialog.get()))
            return false;
    }
    return true;
}

} // namespace testsupport
