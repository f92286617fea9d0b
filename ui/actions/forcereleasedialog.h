#pragma once

#include "session/locksnapshot.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QFrame;
class QLabel;
class QPlainTextEdit;
class QPushButton;

// The confirmation before deleting a lock this app does not hold. It shows the lock exactly as
// last read (key, token, metadata, the value's bytes, ttl) and offers two different deletions:
// - Force release: compare-and-delete against exactly the value shown, so a lock that changed
//   hands since it was read is left alone (and the operator is told);
// - Delete regardless: DEL, whatever the key holds; behind a second, explicit confirmation.
// Cancel is the default button, so Enter never deletes anything. For a Redisson hash it shows
// the hash's fields and its holders, and force release removes the holder the operator picks,
// only while the hash holds exactly the fields shown.
class ForceReleaseDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Choice
    {
        cancelled,
        compareAndDelete, // force-release against snapshot().value
        deleteRegardless,
    };
    Q_ENUM(Choice)

    explicit ForceReleaseDialog(const LockSnapshot &lock, QWidget *parent = nullptr);

    [[nodiscard]] Choice choice() const { return choice_; }
    // The lock as shown: its value is what compare-and-delete must compare against.
    [[nodiscard]] const LockSnapshot &snapshot() const { return lock_; }
    // Why force release is not offered for this lock (cut-short value, not a string); empty
    // when it is.
    [[nodiscard]] QString forceReleaseUnavailableReason() const { return unavailable_; }
    // The Redisson holder to remove (one of snapshot().holderFields); empty for a string lock.
    [[nodiscard]] QByteArray chosenHolder() const;

    // The widgets, for tests.
    [[nodiscard]] QPushButton *cancelButton() const { return cancel_; }
    [[nodiscard]] QPushButton *forceReleaseButton() const { return forceRelease_; }
    [[nodiscard]] QPushButton *deleteRegardlessButton() const { return deleteRegardless_; }
    [[nodiscard]] QCheckBox *confirmDeleteCheckBox() const { return confirmCheck_; }
    [[nodiscard]] QPushButton *confirmDeleteButton() const { return confirmDelete_; }
    [[nodiscard]] QFrame *confirmDeletePanel() const { return confirmPanel_; }
    [[nodiscard]] QLabel *keyLabel() const { return key_; }
    [[nodiscard]] QLabel *tokenLabel() const { return token_; }
    [[nodiscard]] QPlainTextEdit *metadataView() const { return metadata_; }
    [[nodiscard]] QPlainTextEdit *valueView() const { return value_; }
    [[nodiscard]] QLabel *ttlLabel() const { return ttl_; }
    [[nodiscard]] QComboBox *holderBox() const { return holderBox_; } // null unless a hash

    // The ttl as the dialog words it: "8.2 s left", "no expiry (stuck)", "gone".
    [[nodiscard]] static QString ttlText(qint64 ttlMs);

private:
    void finish(Choice choice);

    LockSnapshot lock_;
    Choice choice_ = Choice::cancelled;
    QString unavailable_;

    QLabel *key_;
    QLabel *token_;
    QPlainTextEdit *metadata_;
    QPlainTextEdit *value_;
    QLabel *ttl_;
    QComboBox *holderBox_ = nullptr;
    QPushButton *cancel_;
    QPushButton *forceRelease_;
    QPushButton *deleteRegardless_;
    QFrame *confirmPanel_;
    QCheckBox *confirmCheck_;
    QPushButton *confirmDelete_;
};
