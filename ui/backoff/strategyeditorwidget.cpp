#include "strategyeditorwidget.h"

#include <redislock/duration.h>
#include <redislock/retryspec.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace {

QString durationText(std::chrono::nanoseconds duration)
{
    return QString::fromStdString(redislock::formatDuration(duration));
}

} // namespace

StrategyEditorWidget::StrategyEditorWidget(QWidget *parent) : QWidget(parent)
{
    buildForm();
    setSpec(QStringLiteral("exponential(16ms,1s)"));
}

void StrategyEditorWidget::buildForm()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    form_ = new QFormLayout;
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(form_);

    kind_ = new QComboBox(this);
    kind_->setObjectName(QStringLiteral("kind"));
    kind_->addItems(StrategySpec::keywords());
    kind_->setToolTip(tr("none and linear wait the same every time; exponential is the Go "
                         "library's; limit caps another strategy's retries; the three jitter "
                         "kinds are the AWS blog's"));
    form_->addRow(tr("&Kind:"), kind_);

    inner_ = new QComboBox(this);
    inner_->setObjectName(QStringLiteral("inner"));
    for (const QString &keyword : StrategySpec::keywords())
        if (keyword != StrategySpec::keyword(StrategySpec::Kind::limit))
            inner_->addItem(keyword, static_cast<int>(StrategySpec::keywords().indexOf(keyword)));
    form_->addRow(tr("Retr&ying:"), inner_);

    first_ = new QLineEdit(this);
    first_->setObjectName(QStringLiteral("first"));
    form_->addRow(tr("Interval:"), first_);
    second_ = new QLineEdit(this);
    second_->setObjectName(QStringLiteral("second"));
    form_->addRow(tr("Max:"), second_);
    for (QLineEdit *edit : {first_, second_})
        edit->setToolTip(tr("A duration such as 16ms, 1.5s or 1m30s (units ns, us, ms, s, m, h)"));

    maxRetries_ = new QSpinBox(this);
    maxRetries_->setObjectName(QStringLiteral("maxRetries"));
    maxRetries_->setRange(0, std::numeric_limits<int>::max());
    maxRetries_->setToolTip(tr("At most this many retries, so one more attempt"));
    form_->addRow(tr("&Max retries:"), maxRetries_);

    seedRow_ = new QHBoxLayout;
    seeded_ = new QCheckBox(tr("Fixed"), this);
    seeded_->setObjectName(QStringLiteral("seeded"));
    seeded_->setToolTip(tr("With a fixed seed every schedule draws the same waits, so the chart "
                           "is reproducible; without one each draw differs"));
    seed_ = new QLineEdit(this);
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,20}")), seed_));
    seeded_->setChecked(true);
    seed_->setText(QStringLiteral("1"));
    seedRow_->addWidget(seeded_);
    seedRow_->addWidget(seed_, 1);
    auto *seedLabel = new QLabel(tr("&Seed:"), this);
    seedLabel->setBuddy(seed_);
    form_->addRow(seedLabel, seedRow_);

    spec_ = new QLineEdit(this);
    spec_->setObjectName(QStringLiteral("spec"));
    spec_->setClearButtonEnabled(true);
    spec_->setPlaceholderText(QStringLiteral("limit(exponential(16ms,1s),5)"));
    spec_->setToolTip(tr("The retry SPEC as lockctl --retry takes it: none, linear(D), "
                         "exponential(MIN,MAX), limit(SPEC,N), fulljitter(BASE,CAP[,SEED]), "
                         "equaljitter(BASE,CAP[,SEED]), decorrelated(BASE,CAP[,SEED])"));
    QFont mono = spec_->font();
    mono.setFamilies({QStringLiteral("monospace")});
    mono.setStyleHint(QFont::Monospace);
    spec_->setFont(mono);
    form_->addRow(tr("S&pec:"), spec_);

    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("error"));
    error_->setTextFormat(Qt::PlainText);
    error_->setWordWrap(true);
    QPalette errorPalette = error_->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xd6, 0x45, 0x45));
    error_->setPalette(errorPalette);
    error_->hide();

    formNote_ =
        new QLabel(tr("The form cannot show a limit inside a limit; edit it as text."), this);
    formNote_->setObjectName(QStringLiteral("formNote"));
    formNote_->setWordWrap(true);
    formNote_->hide();

    // The error and the note share a slot of fixed height below the SPEC field: appearing,
    // they must not push the rest of the lab's form down under the pointer. A message longer
    // than the slot is clipped; its tooltip has all of it.
    auto *messages = new QWidget(this);
    messages->setObjectName(QStringLiteral("editorMessages"));
    auto *messagesLayout = new QVBoxLayout(messages);
    messagesLayout->setContentsMargins(0, 0, 0, 0);
    messagesLayout->setSpacing(0);
    messagesLayout->addWidget(error_);
    messagesLayout->addWidget(formNote_);
    messagesLayout->addStretch(1);
    messages->setFixedHeight(3 * fontMetrics().lineSpacing());
    layout->addWidget(messages);

    connect(kind_, &QComboBox::currentIndexChanged, this, [this] {
        // Choosing limit wraps what was there: exponential(16ms,1s) becomes
        // limit(exponential(16ms,1s),N), not limit of whatever the inner box last held.
        if (currentKind() == StrategySpec::Kind::limit &&
            previousKind_ != StrategySpec::Kind::limit) {
            const QSignalBlocker blockInner(inner_);
            inner_->setCurrentIndex(inner_->findData(static_cast<int>(previousKind_)));
        }
        previousKind_ = currentKind();
        updateRows();
        onFormEdited();
    });
    connect(inner_, &QComboBox::currentIndexChanged, this, [this] {
        updateRows();
        onFormEdited();
    });
    connect(first_, &QLineEdit::textEdited, this, &StrategyEditorWidget::onFormEdited);
    connect(second_, &QLineEdit::textEdited, this, &StrategyEditorWidget::onFormEdited);
    connect(maxRetries_, &QSpinBox::valueChanged, this, &StrategyEditorWidget::onFormEdited);
    connect(seeded_, &QCheckBox::toggled, this, [this](bool on) {
        seed_->setEnabled(on);
        onFormEdited();
    });
    connect(seed_, &QLineEdit::textEdited, this, &StrategyEditorWidget::onFormEdited);
    connect(spec_, &QLineEdit::textEdited, this, &StrategyEditorWidget::onTextEdited);
}

void StrategyEditorWidget::setSpec(const QString &spec)
{
    spec_->setText(spec);
    // A long spec in a narrow field reads from its start, not its last characters.
    spec_->setCursorPosition(0);
    const auto parsed = redislock::parseRetryStrategy(spec.toStdString());
    if (!parsed) {
        showError(QString::fromStdString(parsed.error().message()));
        return;
    }
    showError({});
    if (const auto formSpec = StrategySpec::fromText(spec))
        showInForm(*formSpec);
}

QString StrategyEditorWidget::specText() const
{
    return spec_->text();
}

QString StrategyEditorWidget::errorText() const
{
    return error_->isHidden() ? QString() : error_->text();
}

std::optional<StrategySpec> StrategyEditorWidget::formSpec() const
{
    return StrategySpec::fromText(spec_->text());
}

StrategySpec::Kind StrategyEditorWidget::currentKind() const
{
    return static_cast<StrategySpec::Kind>(kind_->currentIndex());
}

void StrategyEditorWidget::updateRows()
{
    const StrategySpec::Kind kind = currentKind();
    const bool limit = kind == StrategySpec::Kind::limit;
    const auto drawn =
        limit ? static_cast<StrategySpec::Kind>(inner_->currentData().toInt()) : kind;
    const int durations = StrategySpec::durationCount(drawn);
    const bool jitter = StrategySpec::isJitter(drawn);

    form_->setRowVisible(inner_, limit);
    form_->setRowVisible(maxRetries_, limit);
    form_->setRowVisible(first_, durations >= 1);
    form_->setRowVisible(second_, durations == 2);
    form_->setRowVisible(seedRow_, jitter);
    // The labels name what the durations mean for this kind.
    auto *firstLabel = qobject_cast<QLabel *>(form_->labelForField(first_));
    auto *secondLabel = qobject_cast<QLabel *>(form_->labelForField(second_));
    if (drawn == StrategySpec::Kind::linear)
        firstLabel->setText(tr("&Interval:"));
    else if (drawn == StrategySpec::Kind::exponential) {
        firstLabel->setText(tr("M&in:"));
        secondLabel->setText(tr("Ma&x (0 = none):"));
    } else if (jitter) {
        firstLabel->setText(tr("Bas&e:"));
        secondLabel->setText(tr("Cap (ma&x):"));
    }
}

void StrategyEditorWidget::onFormEdited()
{
    StrategySpec spec;
    spec.kind = currentKind();
    spec.inner = static_cast<StrategySpec::Kind>(inner_->currentData().toInt());
    spec.maxRetries = maxRetries_->value();
    const StrategySpec::Kind drawn = spec.waitKind();
    const auto readDuration = [this](QLineEdit *edit, std::chrono::nanoseconds &into) {
        const auto parsed = redislock::parseDuration(edit->text().trimmed().toStdString());
        if (!parsed) {
            // The field's label ("Min:", "&Base:") names the field in the message.
            QString field = form_->labelForField(edit)->property("text").toString();
            field.remove(QLatin1Char('&'));
            showError(tr("%1 %2").arg(field, QString::fromStdString(parsed.error().message())));
            return false;
        }
        into = *parsed;
        return true;
    };
    if (StrategySpec::durationCount(drawn) >= 1 && !readDuration(first_, spec.first))
        return;
    if (StrategySpec::durationCount(drawn) == 2 && !readDuration(second_, spec.second))
        return;
    if (StrategySpec::isJitter(drawn) && seeded_->isChecked()) {
        bool ok = false;
        spec.seed = seed_->text().toULongLong(&ok);
        if (!ok) {
            showError(tr("Seed: enter an unsigned integer, or untick Fixed"));
            return;
        }
    }
    const QString text = spec.text();
    const auto parsed = redislock::parseRetryStrategy(text.toStdString());
    if (!parsed) {
        showError(QString::fromStdString(parsed.error().message()));
        return;
    }
    showError({});
    formNote_->hide();
    spec_->setText(text);
    spec_->setCursorPosition(0);
    Q_EMIT strategyEdited(text, *parsed);
}

void StrategyEditorWidget::onTextEdited(const QString &text)
{
    const auto parsed = redislock::parseRetryStrategy(text.toStdString());
    if (!parsed) {
        showError(QString::fromStdString(parsed.error().message()));
        return;
    }
    showError({});
    if (const auto spec = StrategySpec::fromText(text)) {
        showInForm(*spec);
        formNote_->hide();
    } else {
        formNote_->show();
    }
    Q_EMIT strategyEdited(text.trimmed(), *parsed);
}

void StrategyEditorWidget::showInForm(const StrategySpec &spec)
{
    const QSignalBlocker blockKind(kind_);
    const QSignalBlocker blockInner(inner_);
    const QSignalBlocker blockRetries(maxRetries_);
    const QSignalBlocker blockSeeded(seeded_);
    kind_->setCurrentIndex(static_cast<int>(spec.kind));
    previousKind_ = spec.kind;
    if (spec.kind == StrategySpec::Kind::limit) {
        inner_->setCurrentIndex(inner_->findData(static_cast<int>(spec.inner)));
        maxRetries_->setValue(spec.maxRetries);
    }
    const int durations = StrategySpec::durationCount(spec.waitKind());
    // Fields the kind does not use keep what they held, so switching kinds back and forth in
    // the form loses nothing.
    if (durations >= 1)
        first_->setText(durationText(spec.first));
    if (durations == 2)
        second_->setText(durationText(spec.second));
    if (StrategySpec::isJitter(spec.waitKind())) {
        seeded_->setChecked(spec.seed.has_value());
        if (spec.seed)
            seed_->setText(QString::number(*spec.seed));
    }
    seed_->setEnabled(seeded_->isChecked());
    updateRows();
}

void StrategyEditorWidget::showError(const QString &message)
{
    error_->setText(message);
    error_->setToolTip(message);
    error_->setVisible(!message.isEmpty());
}
