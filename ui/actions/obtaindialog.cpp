#include "actions/obtaindialog.h"

#include "common/bytetext.h"

#include <redislock/duration.h>
#include <redislock/retryschedule.h>
#include <redislock/retryspec.h>

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QVBoxLayout>

#include <chrono>
#include <string>

namespace {

using namespace std::chrono_literals;

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// A wait for the sample schedule: exact when it is a round number, else to a tenth of a ms (the
// jitter strategies draw nanoseconds).
QString sampleWait(std::chrono::nanoseconds wait)
{
    if (wait % 1ms == 0ns || wait < 1us)
        return fromStd(redislock::formatDuration(wait));
    return QStringLiteral("%1ms").arg(double(wait.count()) / 1e6, 0, 'f', 1);
}

// The strategy's first waits, so the operator sees what a spec means before using it.
QString describeSchedule(const redislock::RetryStrategy &strategy)
{
    constexpr std::size_t shown = 6;
    // No deadline: the note names the ttl's cut-off in words, whatever the ttl.
    const auto schedule =
        redislock::computeSchedule(strategy, shown + 1, std::chrono::nanoseconds::max());
    QStringList waits;
    for (const auto wait : schedule.waits)
        waits << sampleWait(wait);
    const bool stops = schedule.strategyStopped;
    if (waits.isEmpty())
        return QCoreApplication::translate("ObtainDialog", "a single attempt, no retries");
    const QString list = waits.join(QStringLiteral(", "));
    return stops ? QCoreApplication::translate("ObtainDialog",
                                               "waits %1, then gives up; never past the ttl")
                       .arg(list)
                 : QCoreApplication::translate("ObtainDialog", "waits %1, … until the ttl runs out")
                       .arg(list);
}

void setNote(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setToolTip(text);
}

} // namespace

ObtainDialog::ObtainDialog(QWidget *parent)
    : QDialog(parent), keys_(new QPlainTextEdit(this)), ttl_(new QLineEdit(this)),
      ttlNote_(new QLabel(this)), metadata_(new QPlainTextEdit(this)),
      metadataNote_(new QLabel(this)), token_(new QLineEdit(this)), retry_(new QComboBox(this)),
      retryNote_(new QLabel(this)), errorLabel_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Obtain a lock"));

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const int line = fontMetrics().lineSpacing();

    keys_->setFont(fixed);
    keys_->setTabChangesFocus(true);
    keys_->setLineWrapMode(QPlainTextEdit::NoWrap);
    keys_->setPlaceholderText(tr("shop:orders:42\n(one key per line; several keys make one lock)"));
    keys_->setFixedHeight(line * 4);

    ttl_->setText(QStringLiteral("10s"));
    ttl_->setPlaceholderText(tr("e.g. 500ms, 10s, 1m30s"));

    metadata_->setFont(fixed);
    metadata_->setTabChangesFocus(true);
    metadata_->setPlaceholderText(tr("{\"owner\": \"ops\", \"reason\": \"maintenance\"}"));
    metadata_->setFixedHeight(line * 5);

    token_->setFont(fixed);
    token_->setPlaceholderText(tr("random (22 characters)"));
    token_->setToolTip(tr("Leave empty for a random token, as redislock makes them."));

    retry_->setEditable(true);
    retry_->setInsertPolicy(QComboBox::NoInsert);
    retry_->addItems(retryPresets());
    retry_->lineEdit()->setFont(fixed);
    retry_->setToolTip(
        tr("none | linear(D) | exponential(MIN,MAX) | limit(SPEC,N) | fulljitter(BASE,CAP) | "
           "equaljitter(BASE,CAP) | decorrelated(BASE,CAP)"));

    for (QLabel *note : {ttlNote_, metadataNote_, retryNote_})
        note->setForegroundRole(QPalette::PlaceholderText);
    // The retry note may take two lines; keep room for both so the dialog does not jump.
    retryNote_->setWordWrap(true);
    retryNote_->setMinimumHeight(line * 2);
    retryNote_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // One line, so the dialog does not jump as the text changes; the full text is the tooltip.
    errorLabel_->setWordWrap(false);
    QPalette errorPalette = errorLabel_->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xd0, 0x3f, 0x3a));
    errorLabel_->setPalette(errorPalette);
    errorLabel_->setMinimumHeight(line);

    okButton()->setText(tr("Obtain"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Keys:"), keys_);
    form->addRow(tr("&TTL:"), ttl_);
    form->addRow(QString(), ttlNote_);
    form->addRow(tr("&Metadata:"), metadata_);
    form->addRow(QString(), metadataNote_);
    form->addRow(tr("T&oken:"), token_);
    form->addRow(tr("&Retry:"), retry_);
    form->addRow(QString(), retryNote_);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(errorLabel_);
    layout->addWidget(buttons_);

    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(keys_, &QPlainTextEdit::textChanged, this, &ObtainDialog::validate);
    connect(ttl_, &QLineEdit::textChanged, this, &ObtainDialog::validate);
    connect(metadata_, &QPlainTextEdit::textChanged, this, &ObtainDialog::validate);
    connect(token_, &QLineEdit::textChanged, this, &ObtainDialog::validate);
    connect(retry_, &QComboBox::currentTextChanged, this, &ObtainDialog::validate);

    resize(qMax(sizeHint().width(), fontMetrics().horizontalAdvance(u'0') * 72),
           sizeHint().height());
    validate();
}

QStringList ObtainDialog::retryPresets()
{
    return {QStringLiteral("none"),
            QStringLiteral("linear(100ms)"),
            QStringLiteral("exponential(16ms,1s)"),
            QStringLiteral("limit(exponential(16ms,1s),5)"),
            QStringLiteral("limit(linear(100ms),10)"),
            QStringLiteral("fulljitter(16ms,1s)"),
            QStringLiteral("equaljitter(16ms,1s)"),
            QStringLiteral("decorrelated(16ms,1s)")};
}

void ObtainDialog::setKey(const QByteArray &key)
{
    keys_->setPlainText(QString::fromUtf8(key));
}

QPushButton *ObtainDialog::okButton() const
{
    return buttons_->button(QDialogButtonBox::Ok);
}

ObtainRequest ObtainDialog::request() const
{
    ObtainRequest request;
    request.keys = parsedKeys_;
    request.ttlMs = parsedTtlMs_;
    request.metadata = metadata_->toPlainText().toUtf8();
    request.token = token_->text().toUtf8();
    request.retrySpec = parsedRetry_;
    return request;
}

void ObtainDialog::validate()
{
    QStringList errors;

    // Keys: one per line. Blank lines and the blanks around a key are dropped: a key that ends in
    // a space is almost always a typing slip, and the dialog is the wrong tool for odd keys.
    parsedKeys_.clear();
    QSet<QByteArray> seen;
    const QStringList lines = keys_->toPlainText().split(u'\n');
    for (const QString &text : lines) {
        const QByteArray key = text.trimmed().toUtf8();
        if (key.isEmpty())
            continue;
        if (seen.contains(key)) {
            errors << tr("The key %1 is listed twice.").arg(displayBytes(key));
            continue;
        }
        seen.insert(key);
        parsedKeys_.append(key);
    }
    if (parsedKeys_.isEmpty())
        errors.prepend(tr("Enter a key to lock."));

    // TTL, with the core's parser and rule: at least 1ms, rounded down to whole milliseconds.
    parsedTtlMs_ = 0;
    const auto ttl = redislock::parseDuration(ttl_->text().trimmed().toStdString());
    if (!ttl) {
        errors << tr("TTL: %1").arg(fromStd(ttl.error().message()));
        setNote(ttlNote_, {});
    } else if (*ttl < 1ms) {
        errors << tr("The TTL must be at least 1ms.");
        setNote(ttlNote_, {});
    } else {
        parsedTtlMs_ = std::chrono::duration_cast<std::chrono::milliseconds>(*ttl).count();
        setNote(ttlNote_, *ttl % 1ms == 0ns
                              ? tr("= %1 ms").arg(parsedTtlMs_)
                              : tr("= %1 ms (Redis keeps whole milliseconds)").arg(parsedTtlMs_));
    }

    // Metadata is free text; JSON is only noted, because the lock does not care.
    const QByteArray metadata = metadata_->toPlainText().toUtf8();
    if (metadata.isEmpty())
        setNote(metadataNote_, tr("No metadata."));
    else if (prettyJson(metadata))
        setNote(metadataNote_, tr("Valid JSON."));
    else
        setNote(metadataNote_, tr("Plain text, not JSON."));

    // Retry strategy, with the core's SPEC parser; show its canonical form and first waits.
    parsedRetry_.clear();
    const QString spec = retry_->currentText().trimmed();
    const auto strategy = redislock::parseRetryStrategy(spec.toStdString());
    if (!strategy) {
        errors << tr("Retry: %1").arg(fromStd(strategy.error().message()));
        setNote(retryNote_, {});
    } else {
        parsedRetry_ = fromStd(strategy->describe());
        setNote(retryNote_,
                QStringLiteral("%1 — %2").arg(parsedRetry_, describeSchedule(*strategy)));
    }

    error_ = errors.value(0);
    errorLabel_->setText(error_);
    errorLabel_->setToolTip(errors.join(u'\n'));
    okButton()->setEnabled(error_.isEmpty());
}
