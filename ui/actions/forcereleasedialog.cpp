#include "actions/forcereleasedialog.h"

#include "common/bytetext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace {

QLabel *valueLabel(const QString &text, const QFont &font, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setFont(font);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    return label;
}

// A read-only, monospaced view as tall as its text (up to `maxLines`), so that neither a one-line
// value nor a six-line JSON document gets a scroll bar or a gap.
QPlainTextEdit *bytesView(const QString &text, const QFont &font, int maxLines, QWidget *parent)
{
    auto *view = new QPlainTextEdit(text, parent);
    view->setReadOnly(true);
    view->setFont(font);
    view->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    // Lines as wrapped at about 60 columns, the width of the value column at the dialog's
    // initial size.
    constexpr qsizetype columns = 60;
    qsizetype wrapped = 0;
    for (const QStringView line : QStringView(text).split(u'\n'))
        wrapped += qMax(qsizetype(1), (line.size() + columns - 1) / columns);
    const int lines = int(qBound(qsizetype(1), wrapped, qsizetype(maxLines)));
    view->setFixedHeight(view->fontMetrics().lineSpacing() * lines +
                         2 * (view->frameWidth() + int(view->document()->documentMargin())) + 2);
    return view;
}

bool isRedissonHash(const LockSnapshot &lock)
{
    return lock.type() == "hash" && (lock.format == redislock::LockFormat::redisson ||
                                     lock.format == redislock::LockFormat::redissonRwlock);
}

} // namespace

ForceReleaseDialog::ForceReleaseDialog(const LockSnapshot &lock, QWidget *parent)
    : QDialog(parent), lock_(lock)
{
    const QString keyText = displayBytes(lock.key);
    setWindowTitle(tr("Force release %1").arg(keyText));
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    const bool redissonHash = isRedissonHash(lock);
    auto *intro = new QLabel(
        redissonHash
            ? tr("<b>This lock is not held by this app.</b> Force release removes the holder "
                 "you choose from the hash only if the hash still holds exactly the fields shown "
                 "below, run on the server in one step; the hash goes with its last holder, and "
                 "Redisson's waiters are told. If the holders or hold counts changed meanwhile, "
                 "nothing is removed and you are told so.")
            : tr("<b>This lock is not held by this app.</b> Force release deletes the key only "
                 "if it still holds exactly the value shown below: a compare-and-delete run on "
                 "the server in one step. If the lock changed hands meanwhile, nothing is "
                 "deleted and you are told so."),
        this);
    intro->setWordWrap(true);

    key_ = valueLabel(keyText, fixed, this);
    const bool hasToken = lock.tokenLength > 0;
    token_ = valueLabel(hasToken       ? displayBytes(lock.token())
                        : redissonHash ? tr("(none: a Redisson hash names its holders instead)")
                                       : tr("(none: the value is not in a lock format)"),
                        hasToken ? fixed : font(), this);

    const QByteArray metadataBytes = hasToken ? lock.metadata() : QByteArray();
    const auto pretty = prettyJson(metadataBytes);
    metadata_ = bytesView(pretty                    ? *pretty
                          : metadataBytes.isEmpty() ? tr("(none)")
                                                    : displayBytes(metadataBytes),
                          fixed, 10, this);
    metadata_->setWordWrapMode(pretty ? QTextOption::NoWrap
                                      : QTextOption::WrapAtWordBoundaryOrAnywhere);

    // A hash's value is its fields, one "field = value" a line.
    QStringList hashLines;
    for (const auto &[field, content] : lock.extra().hash)
        hashLines.append(tr("%1 = %2").arg(displayBytes(field), displayBytes(content)));
    value_ = bytesView(lock.type() == "hash" ? hashLines.join(u'\n') : displayBytes(lock.value),
                       fixed, lock.type() == "hash" ? 6 : 4, this);
    const QString valueSize =
        lock.truncated() ? tr("Only the first %1 of %2 bytes were read; bytes that are not UTF-8 "
                              "are shown as \\xNN.")
                               .arg(lock.value.size())
                               .arg(lock.valueSize)
                         : tr("Length in bytes: %1; bytes that are not UTF-8 are shown as \\xNN.")
                               .arg(lock.value.size());
    auto *valueNote = new QLabel(
        lock.type() == "hash"
            ? (lock.extra().hashComplete
                   ? tr("Fields: %1; bytes that are not UTF-8 are shown as \\xNN.")
                         .arg(lock.extra().hash.size())
                   : tr("Only the first %1 fields were read.").arg(lock.extra().hash.size()))
            : valueSize,
        this);
    valueNote->setForegroundRole(QPalette::PlaceholderText);

    ttl_ = new QLabel(ttlText(lock.ttlMs), this);

    auto *form = new QFormLayout;
    form->addRow(tr("Key:"), key_);
    form->addRow(tr("Token:"), token_);
    form->addRow(pretty ? tr("Metadata (JSON):") : tr("Metadata:"), metadata_);
    form->addRow(tr("Value:"), value_);
    form->addRow(QString(), valueNote);
    form->addRow(tr("TTL when read:"), ttl_);
    if (lock.type() != "string")
        form->addRow(tr("Type:"), new QLabel(QString::fromUtf8(lock.type()), this));
    if (redissonHash) {
        // Which holder goes: each as the detail pane lists them, the field as its data.
        holderBox_ = new QComboBox(this);
        holderBox_->setObjectName(QStringLiteral("holderBox"));
        const redislock::LockRecord record = lock.toRecord();
        for (qsizetype i = 0;
             i < lock.extra().holderFields.size() && i < qsizetype(record.holders.size()); ++i) {
            QString client;
            QString thread;
            QString count;
            QString mode;
            for (const auto &[name, value] : record.holders[std::size_t(i)]) {
                const QString text = QString::fromStdString(value);
                if (name == "client_id")
                    client = text;
                else if (name == "thread_id")
                    thread = text;
                else if (name == "hold_count")
                    count = text;
                else if (name == "lock")
                    mode = text;
            }
            QString label = tr("client %1, thread %2, held %3×").arg(client, thread, count);
            if (mode == QLatin1StringView("write"))
                label = tr("%1 (writer)").arg(label);
            else if (mode == QLatin1StringView("read"))
                label = tr("%1 (reader)").arg(label);
            holderBox_->addItem(label, lock.extra().holderFields[i]);
        }
        form->addRow(tr("Holder to remove:"), holderBox_);
    }

    // Compare-and-delete needs the whole value, and a string to compare with; a Redisson hash
    // is compared field by field, so all of them must have been read.
    if (redissonHash && !lock.extra().hashComplete)
        unavailable_ = tr("Only part of the hash was read, so it cannot be compared; use "
                          "Delete regardless, or re-read the key.");
    else if (redissonHash && lock.extra().holderFields.isEmpty())
        unavailable_ = tr("The hash has no holder to remove.");
    else if (lock.type() != "string" && !redissonHash)
        unavailable_ = tr("Force release compares string values and Redisson hashes; this key "
                          "holds a %1 of no known lock format.")
                           .arg(QString::fromUtf8(lock.type()));
    else if (lock.truncated())
        unavailable_ = tr("Only part of the value was read, so it cannot be compared; use "
                          "Delete regardless, or re-read the key.");
    auto *unavailableLabel = new QLabel(unavailable_, this);
    unavailableLabel->setWordWrap(true);
    unavailableLabel->setVisible(!unavailable_.isEmpty());

    // The second confirmation, hidden until "Delete regardless…" is pressed. A checkbox rather
    // than typing the key: keys may hold bytes nobody can type.
    confirmPanel_ = new QFrame(this);
    confirmPanel_->setFrameShape(QFrame::StyledPanel);
    auto *warning = new QLabel(
        tr("<b>Delete regardless</b> runs DEL on the key: it removes whatever the key holds "
           "when the command arrives, even a lock that another process obtained after this one "
           "was read. That process will believe it still holds its lock."),
        confirmPanel_);
    warning->setWordWrap(true);
    confirmCheck_ =
        new QCheckBox(tr("I understand: delete the key whatever it holds"), confirmPanel_);
    // Not "Delete regardless" again: the button that opened this panel says that already.
    confirmDelete_ = new QPushButton(tr("Run DEL now"), confirmPanel_);
    confirmDelete_->setAutoDefault(false);
    confirmDelete_->setEnabled(false);
    auto *confirmRow = new QHBoxLayout;
    confirmRow->addWidget(confirmCheck_, 1);
    confirmRow->addWidget(confirmDelete_);
    auto *panelLayout = new QVBoxLayout(confirmPanel_);
    panelLayout->addWidget(warning);
    panelLayout->addLayout(confirmRow);
    confirmPanel_->setVisible(false);

    deleteRegardless_ = new QPushButton(tr("Delete regardless…"), this);
    deleteRegardless_->setCheckable(true);
    deleteRegardless_->setAutoDefault(false);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setDefault(true);
    forceRelease_ = new QPushButton(tr("Force release"), this);
    forceRelease_->setAutoDefault(false);
    forceRelease_->setEnabled(unavailable_.isEmpty());
    forceRelease_->setToolTip(
        !unavailable_.isEmpty() ? unavailable_
        : redissonHash ? tr("Remove the chosen holder only if the hash is still the one shown")
                       : tr("Delete the key only if its value is still the one shown"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(deleteRegardless_);
    buttons->addStretch();
    buttons->addWidget(cancel_);
    buttons->addWidget(forceRelease_);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(unavailableLabel);
    layout->addWidget(confirmPanel_);
    layout->addLayout(buttons);

    connect(cancel_, &QPushButton::clicked, this, [this] { finish(Choice::cancelled); });
    connect(forceRelease_, &QPushButton::clicked, this,
            [this] { finish(Choice::compareAndDelete); });
    connect(deleteRegardless_, &QPushButton::toggled, this, [this](bool shown) {
        confirmPanel_->setVisible(shown);
        confirmCheck_->setChecked(false);
        // Keep the width the operator chose; fit the height to the content as the panel comes
        // and goes.
        this->layout()->activate();
        resize(width(), this->layout()->hasHeightForWidth()
                            ? this->layout()->totalHeightForWidth(width())
                            : sizeHint().height());
    });
    connect(confirmCheck_, &QCheckBox::toggled, confirmDelete_, &QPushButton::setEnabled);
    connect(confirmDelete_, &QPushButton::clicked, this, [this] {
        if (confirmCheck_->isChecked())
            finish(Choice::deleteRegardless);
    });

    resize(qMax(sizeHint().width(), fontMetrics().horizontalAdvance(u'0') * 80),
           sizeHint().height());
}

QByteArray ForceReleaseDialog::chosenHolder() const
{
    return holderBox_ ? holderBox_->currentData().toByteArray() : QByteArray();
}

void ForceReleaseDialog::finish(Choice choice)
{
    choice_ = choice;
    if (choice == Choice::cancelled)
        reject();
    else
        accept();
}

QString ForceReleaseDialog::ttlText(qint64 ttlMs)
{
    if (ttlMs == -1)
        return tr("no expiry (stuck)");
    if (ttlMs < 0)
        return tr("gone");
    if (ttlMs < 1000)
        return tr("%1 ms left").arg(ttlMs);
    if (ttlMs < 60'000)
        return tr("%1 s left").arg(double(ttlMs) / 1000.0, 0, 'f', 1);
    const qint64 seconds = ttlMs / 1000;
    if (seconds < 3600)
        return tr("%1 min %2 s left").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 h %2 min left").arg(seconds / 3600).arg(seconds % 3600 / 60);
}
