#pragma once

#include "connection/connectionprofile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// Asks where to connect: a redis://, rediss://, unix://, redis-cluster:// or redis-sentinel://
// URL checked live by the core parser, with the deployment (standalone, cluster, Sentinel), its
// seed nodes and the Sentinel master's name as fields that rewrite the URL, the sentinels' own
// password in a field of its own like the password
// (OK stays disabled while it is invalid, the reason shown in one line), the password in a field
// of its own (a password pasted into the URL is moved there), the TLS options of a rediss:// URL
// as form fields, what to list (prefix, pattern, token length), read-only, and whether to save
// the connection and keep its password in the system keychain. It can fill itself from a Cosy
// app.ini. It only edits a profile; saving and connecting are the caller's.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(QWidget *parent = nullptr);

    // The URL in the profile never holds the password; profile().password does.
    [[nodiscard]] ConnectionProfile profile() const;
    void setProfile(const ConnectionProfile &profile);

    [[nodiscard]] bool saveConnection() const;
    void setSaveConnection(bool save);
    // Only meaningful with saveConnection(), and only when a keychain is available.
    [[nodiscard]] bool rememberPassword() const;
    void setRememberPassword(bool remember);
    // Without a keychain the password is asked each time: the "remember" box is disabled and
    // says so.
    void setKeychainAvailable(bool available);
    // The app's re-sync budget, which a connection without its own budget gets: the budget
    // field shows it in place of its empty value.
    void setDefaultResyncBudget(int commandsPerSecond);

    // For a connection whose password is not stored (no keychain, or not remembered): says why
    // in the note line and puts the cursor in the password field.
    void askForPassword(const QString &reason);

    [[nodiscard]] bool isUrlValid() const;
    // Empty while the URL is valid; else the one line shown under the field.
    [[nodiscard]] QString urlError() const;

    // Fills URL (redis://Addr/DB), password and prefix from the [redis] section of a Cosy app.ini;
    // the "Import app.ini…" button calls it with the file the operator picked. On failure nothing
    // changes and the reason is shown in one line.
    bool importAppIni(const QString &path);

    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void onUrlEdited();
    void takePasswordFromUrl(bool complete);
    void applyPasswordSplit(const QString &before, const QString &url, const QString &password);
    void onTlsEdited();
    void onDeploymentEdited();
    void updateDeploymentRows();
    void onPrefixChanged();
    void updateValidation();
    void updateTlsVisibility();
    void updateRememberBox();
    void fitHeight();
    void updateColours();
    void browseInto(QLineEdit *edit, const QString &title);
    void chooseAppIni();
    void showNote(const QString &text, bool error);

    QLineEdit *urlEdit_ = nullptr;
    QLabel *urlStatus_ = nullptr;
    QLineEdit *passwordEdit_ = nullptr;
    QComboBox *deploymentCombo_ = nullptr;
    QLineEdit *seedsEdit_ = nullptr;
    QLabel *seedsLabel_ = nullptr;
    QLineEdit *masterNameEdit_ = nullptr;
    QLabel *masterNameLabel_ = nullptr;
    QLineEdit *sentinelPasswordEdit_ = nullptr;
    QLabel *sentinelPasswordLabel_ = nullptr;
    QGroupBox *tlsGroup_ = nullptr;
    QLineEdit *caFileEdit_ = nullptr;
    QLineEdit *certFileEdit_ = nullptr;
    QLineEdit *keyFileEdit_ = nullptr;
    QLineEdit *serverNameEdit_ = nullptr;
    QCheckBox *insecureCheck_ = nullptr;
    QLabel *insecureWarning_ = nullptr;
    QLineEdit *nameEdit_ = nullptr;
    QLineEdit *prefixEdit_ = nullptr;
    QLineEdit *patternEdit_ = nullptr;
    QSpinBox *tokenLengthSpin_ = nullptr;
    QSpinBox *maxHoldSpin_ = nullptr;
    QSpinBox *resyncBudgetSpin_ = nullptr;
    QCheckBox *readOnlyCheck_ = nullptr;
    QCheckBox *saveCheck_ = nullptr;
    QCheckBox *rememberCheck_ = nullptr;
    QPushButton *importButton_ = nullptr;
    QLabel *noteLabel_ = nullptr;
    QDialogButtonBox *buttons_ = nullptr;

    QString urlError_;
    bool noteIsError_ = false;
    bool keychainAvailable_ = true;
    bool syncing_ = false;
    qsizetype lastUrlSize_ = 0; // URL ⇄ TLS fields, so that one edit does not echo back
};
