#include "helpdialogs.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {

// The translation context of the dialogs' texts.
class HelpDialogs
{
    Q_DECLARE_TR_FUNCTIONS(HelpDialogs)
};

QDialog *makeDialog(QWidget *window, const QString &title, const QString &objectName)
{
    auto *dialog = new QDialog(window);
    dialog->setObjectName(objectName);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    return dialog;
}

void addCloseButton(QDialog *dialog, QVBoxLayout *layout)
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
}

// "&Obtain…", "获取(&O)…" -> "Obtain…", "获取…".
QString plainText(QString text)
{
    static const QRegularExpression mnemonic(QStringLiteral("\\(&[^&]\\)"));
    return text.remove(mnemonic).remove(QLatin1Char('&'));
}

} // namespace

void showFilterSyntax(QWidget *window)
{
    auto *dialog =
        makeDialog(window, HelpDialogs::tr("Filter syntax"), QStringLiteral("filterSyntaxDialog"));
    auto *layout = new QVBoxLayout(dialog);
    auto *text = new QLabel(dialog);
    text->setObjectName(QStringLiteral("filterSyntaxText"));
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->setText(HelpDialogs::tr(
        "<p>The filter box above the locks table (Ctrl+F) keeps the rows that match every "
        "term, case-insensitively:</p>"
        "<table cellspacing='6'>"
        "<tr><td><code>orders 42</code></td><td>words: each must appear in the key or the "
        "metadata as shown</td></tr>"
        "<tr><td><code>format:redislock</code></td><td>locks in the redislock/Cosy format "
        "(22-character token and metadata)</td></tr>"
        "<tr><td><code>format:custom</code></td><td>locks with the custom token length of "
        "the connection</td></tr>"
        "<tr><td><code>format:raw</code></td><td>values that fit no lock format</td></tr>"
        "<tr><td><code>is:stuck</code></td><td>locks without an expiry</td></tr>"
        "<tr><td><code>is:held</code></td><td>locks this app obtained and still holds</td></tr>"
        "</table>"
        "<p>Terms combine: <code>is:stuck format:raw shop</code>. An unknown "
        "<code>format:</code> or <code>is:</code> term matches nothing. The filter only "
        "hides rows; which keys are listed at all is the connection's pattern.</p>"));
    layout->addWidget(text);
    // The terms that read each lock's history, in a paragraph of their own.
    auto *history = new QLabel(dialog);
    history->setObjectName(QStringLiteral("filterSyntaxHistoryText"));
    history->setTextFormat(Qt::RichText);
    history->setWordWrap(true);
    history->setTextInteractionFlags(Qt::TextSelectableByMouse);
    history->setText(HelpDialogs::tr(
        "<table cellspacing='6'>"
        "<tr><td><code>is:anomaly</code></td><td>locks whose history this app flagged "
        "(the orange badge beside the key)</td></tr>"
        "<tr><td><code>anomaly:NAME</code></td><td>one kind: <code>no-expiry</code>, "
        "<code>held-too-long</code> (renewed past the connection's maximum hold), "
        "<code>late-refresh</code> (refreshed with less than 20 % of its lease left), "
        "<code>zombie-refresh</code> (its holder's token came back after it expired), "
        "<code>fast-handover</code> (a new holder within 50 ms of the old one's "
        "expiry)</td></tr>"
        "</table>"));
    layout->addWidget(history);
    addCloseButton(dialog, layout);
    dialog->resize(520, dialog->sizeHint().height());
    dialog->show();
}

void showKeyboardShortcuts(QWidget *window)
{
    struct Entry
    {
        QString action;
        QString keys;
    };
    QList<Entry> entries;
    for (const QAction *action : window->findChildren<QAction *>()) {
        const QList<QKeySequence> shortcuts = action->shortcuts();
        if (shortcuts.isEmpty() || action->text().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence &shortcut : shortcuts)
            keys << shortcut.toString(QKeySequence::NativeText);
        const Entry entry{plainText(action->text()), keys.join(QStringLiteral(", "))};
        const bool known = std::any_of(entries.cbegin(), entries.cend(), [&](const Entry &e) {
            return e.action == entry.action && e.keys == entry.keys;
        });
        if (!known)
            entries.append(entry);
    }
    std::ranges::sort(entries, {}, &Entry::action);

    auto *dialog = makeDialog(window, HelpDialogs::tr("Keyboard shortcuts"),
                              QStringLiteral("keyboardShortcutsDialog"));
    auto *layout = new QVBoxLayout(dialog);
    auto *table = new QTableWidget(int(entries.size()), 2, dialog);
    table->setObjectName(QStringLiteral("shortcutTable"));
    table->setHorizontalHeaderLabels({HelpDialogs::tr("Action"), HelpDialogs::tr("Keys")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    for (int row = 0; row < entries.size(); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(entries[row].action));
        table->setItem(row, 1, new QTableWidgetItem(entries[row].keys));
    }
    layout->addWidget(table);
    auto *note =
        new QLabel(HelpDialogs::tr("Alt with an underlined letter opens that menu or tab, or goes "
                                   "to that field."),
                   dialog);
    note->setWordWrap(true);
    layout->addWidget(note);
    addCloseButton(dialog, layout);
    dialog->resize(460, 420);
    dialog->show();
}
