#pragma once

#include "session/lockaction.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

// Asks for a lock to obtain: keys (one per line; several make one all-or-nothing lock), ttl,
// metadata, an optional custom token and a retry strategy in lockctl's SPEC grammar. Every field
// is checked as it is typed with the core's own parsers; the first problem is shown in one line
// and OK stays disabled until there is none.
class ObtainDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ObtainDialog(QWidget *parent = nullptr);

    // Prefills the key field (for example with the selected lock's key or the profile's prefix).
    void setKey(const QByteArray &key);
    // What the operator asked for; meaningful when isValid().
    [[nodiscard]] ObtainRequest request() const;
    [[nodiscard]] bool isValid() const { return error_.isEmpty(); }
    // The problem shown under the form, empty when the input is valid.
    [[nodiscard]] QString errorText() const { return error_; }

    // The retry presets offered in the strategy combo.
    [[nodiscard]] static QStringList retryPresets();

    // The widgets, for tests and for the main window's shortcuts.
    [[nodiscard]] QPlainTextEdit *keysEdit() const { return keys_; }
    [[nodiscard]] QLineEdit *ttlEdit() const { return ttl_; }
    [[nodiscard]] QPlainTextEdit *metadataEdit() const { return metadata_; }
    [[nodiscard]] QLineEdit *tokenEdit() const { return token_; }
    [[nodiscard]] QComboBox *retryCombo() const { return retry_; }
    [[nodiscard]] QLabel *errorLabel() const { return errorLabel_; }
    [[nodiscard]] QLabel *retryLabel() const { return retryNote_; }
    [[nodiscard]] QLabel *metadataLabel() const { return metadataNote_; }
    [[nodiscard]] QPushButton *okButton() const;

private:
    void validate();

    QPlainTextEdit *keys_;
    QLineEdit *ttl_;
    QLabel *ttlNote_;
    QPlainTextEdit *metadata_;
    QLabel *metadataNote_;
    QLineEdit *token_;
    QComboBox *retry_;
    QLabel *retryNote_;
    QLabel *errorLabel_;
    QDialogButtonBox *buttons_;

    // The parsed input, valid when error_ is empty.
    QList<QByteArray> parsedKeys_;
    qint64 parsedTtlMs_ = 0;
    QString parsedRetry_;
    QString error_;
};
