#pragma once

#include "connection/connectionprofile.h"

#include <QList>
#include <QObject>

#include <memory>
#include <optional>

class QSettings;
namespace QKeychain {
class Job;
}

// Saved and recent connections. Profiles go to QSettings without their password, ever; a
// password the operator asks to remember goes to the system keychain (QtKeychain) and is read
// back asynchronously when connecting. Where there is no keychain (no Secret Service on the
// session bus, no session bus at all), the store says so and the password is asked each time:
// it is then written nowhere.
class ConnectionStore : public QObject
{
    Q_OBJECT
public:
    enum class KeychainState
    {
        unknown,     // not tried yet
        available,   // the last keychain job reached a keychain
        unavailable, // no keychain: passwords are asked each time
    };
    Q_ENUM(KeychainState)

    // The application's settings (QSettings() with the organisation and application names).
    explicit ConnectionStore(QObject *parent = nullptr);
    // An INI file of its own, for tests and portable setups.
    explicit ConnectionStore(const QString &settingsFile, QObject *parent = nullptr);
    ~ConnectionStore() override;

    // The keychain service name entries are stored under ("lockscope" by default); one entry
    // per saved connection, keyed by its name.
    void setKeychainService(const QString &service);
    [[nodiscard]] QString keychainService() const;
    // Switches the keychain off for this run (--no-keychain, tests): state becomes unavailable.
    void setKeychainEnabled(bool enabled);
    [[nodiscard]] KeychainState keychainState() const;
    // Asks the keychain whether it is there, without storing anything; the answer arrives as
    // keychainStateChanged().
    void probeKeychain();

    // Saved connections, sorted by name. Their password is empty; see requestPassword().
    [[nodiscard]] QList<ConnectionProfile> savedConnections() const;
    [[nodiscard]] std::optional<ConnectionProfile> savedConnection(const QString &name) const;
    // Whether the keychain holds a password for this saved connection (as far as we know).
    [[nodiscard]] bool hasStoredPassword(const QString &name) const;
    // Saves (or replaces) under profile.displayName(). With rememberPassword and a non-empty
    // password, the password goes to the keychain (passwordSaved() tells how that went); without
    // rememberPassword any stored password is deleted. A password in the URL is dropped.
    void saveConnection(const ConnectionProfile &profile, bool rememberPassword);
    // Removes the saved connection and its keychain entry.
    void removeConnection(const QString &name);

    // Recently opened connections, newest first, at most maxRecent(); without passwords.
    [[nodiscard]] QList<ConnectionProfile> recentConnections() const;
    // Puts a connection that worked first in Recent; an ephemeral one (the sandbox) is left out.
    void addRecent(const ConnectionProfile &profile);
    void clearRecent();
    [[nodiscard]] int maxRecent() const;
    void setMaxRecent(int count);

    // Reads a saved connection's password from the keychain; answers with passwordReady(),
    // always asynchronously. found is false when there is none (or no keychain): ask the
    // operator.
    void requestPassword(const QString &name);

Q_SIGNALS:
    void passwordReady(const QString &name, const QString &password, bool found);
    // Just before passwordReady(), when the entry also holds the sentinels' own password.
    void sentinelPasswordReady(const QString &name, const QString &sentinelPassword);
    // After saveConnection() with rememberPassword: stored is false when the keychain refused or
    // is not there (message says why, in one line).
    void passwordSaved(const QString &name, bool stored, const QString &message);
    void keychainStateChanged(ConnectionStore::KeychainState state);
    void savedConnectionsChanged();
    void recentConnectionsChanged();

private:
    void init();
    [[nodiscard]] QList<ConnectionProfile> readList(const QString &array) const;
    void writeList(const QString &array, const QList<ConnectionProfile> &profiles);
    void setStoredPasswordFlag(const QString &name, bool stored);
    void setKeychainState(KeychainState state);
    // Updates the keychain state from a finished job; true when the job reached a keychain.
    bool noteKeychainResult(const QKeychain::Job &job);
    [[nodiscard]] QString keychainKey(const QString &name) const;

    std::unique_ptr<QSettings> settings_;
    QString service_ = QStringLiteral("lockscope");
    bool keychainEnabled_ = true;
    KeychainState keychainState_ = KeychainState::unknown;
    int maxRecent_ = 10;
};
