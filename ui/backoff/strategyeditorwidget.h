#pragma once

#include "strategyspec.h"

#include <redislock/retrystrategy.h>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

// Edits one retry strategy two ways that stay in sync: a form (kind, durations, retry limit,
// seed) and the SPEC text that lockctl --retry takes. Every valid edit on either side rewrites
// the other and emits strategyEdited(); invalid input shows the parser's error in one line and
// emits nothing, so whatever shows the strategy keeps the last valid one.
class StrategyEditorWidget : public QWidget
{
    Q_OBJECT

public:
    explicit StrategyEditorWidget(QWidget *parent = nullptr);

    // Loads a strategy without emitting strategyEdited(), for example when the selection moves.
    void setSpec(const QString &spec);
    // The text in the SPEC field (possibly invalid while being typed).
    [[nodiscard]] QString specText() const;
    // The last error shown; empty when the input is valid.
    [[nodiscard]] QString errorText() const;
    // The form's state, when the text is one the form can hold.
    [[nodiscard]] std::optional<StrategySpec> formSpec() const;

Q_SIGNALS:
    // A valid strategy was typed or built in the form.
    void strategyEdited(const QString &spec, const redislock::RetryStrategy &strategy);

private:
    void buildForm();
    void onFormEdited();
    void onTextEdited(const QString &text);
    void showInForm(const StrategySpec &spec);
    void updateRows();
    void showError(const QString &message);
    [[nodiscard]] StrategySpec::Kind currentKind() const;

    StrategySpec::Kind previousKind_ = StrategySpec::Kind::exponential;
    QFormLayout *form_ = nullptr;
    QComboBox *kind_ = nullptr;
    QComboBox *inner_ = nullptr;
    QLineEdit *first_ = nullptr;
    QLineEdit *second_ = nullptr;
    QSpinBox *maxRetries_ = nullptr;
    QHBoxLayout *seedRow_ = nullptr;
    QCheckBox *seeded_ = nullptr;
    QLineEdit *seed_ = nullptr;
    QLineEdit *spec_ = nullptr;
    QLabel *error_ = nullptr;
    QLabel *formNote_ = nullptr;
};
