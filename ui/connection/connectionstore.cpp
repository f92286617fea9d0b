#include "connection/connectionstore.h"

#include "connection/connectionurl.h"

#include <QCollator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <qt6keychain/keychain.h>

#include <algorithm>

namespace {

const QString savedArray = QStringLiteral("connections");
const QString recentArray = QStringLiteral("recentConnections");
const QString storedFlag = QStringLiteral("passwordInKeychain");

// What goes to disk: the profile minus its passwords, and a URL that cannot carry one either.
ConnectionProfile withoutPassword(ConnectionProfile profile)
{
    profile.url =
        connectionurl::takeSentinelPassword(connectionurl::takePassword(profile.url).url).url;
    profile.password.clear();
    profile.sentinelPassword.clear();
    return profile;
}

// One keychain entry per connection holds its secrets: the password alone as it always did,
// or, when the sentinels have a password of their own, both behind a marker no typed password
// starts with.
const QString secretsMarker = QStringLiteral("\x1flockscope-secrets\x1f");

QString encodeSecrets(const QString &password, const QString &sentinelPassword)
{
    if (sentinelPassword.isEmpty())
        return password;
    const QJsonObject secrets{{QStringLiteral("password"), password},
                              {QStringLiteral("sentinel_password"), sentinelPassword}};
    return secretsMarker + QString::fromUtf8(QJsonDocument(secrets).toJson(QJsonDocument::Compact));
}

std::pair<QString, QString> decodeSecrets(const QString &stored)
{
    if (!stored.startsWith(secretsMarker))
        return {stored, {}};
    const QJsonObject secrets =
        QJsonDocument::fromJson(stored.mid(secretsMarker.size()).toUtf8()).object();
    return {secrets.value(QStringLiteral("password")).toString(),
            secrets.value(QStringLiteral("sentinel_password")).toString()};
}

bool sameEntry(const ConnectionProfile &a, const ConnectionProfile &b)
{
    return a.name == b.name && a.url == b.url;
}

} // namespace

ConnectionStore::ConnectionStore(QObject *parent)
    : QObject(parent), settings_(std::make_unique<QSettings>())
{
    init();
}

ConnectionStore::ConnectionStore(const QString &settingsFile, QObject *parent)
    : QObject(parent), settings_(std::make_unique<QSettings>(settingsFile, QSettings::IniFormat))
{
    init();
}

ConnectionStore::~ConnectionStore() = default;

void ConnectionStore::init()
{
    qRegisterMetaType<ConnectionProfile>();
}

void ConnectionStore::setKeychainService(const QString &service)
{
    service_ = service;
}

QString ConnectionStore::keychainService() const
{
    return service_;
}

void ConnectionStore::setKeychainEnabled(bool enabled)
{
    keychainEnabled_ = enabled;
    setKeychainState(enabled ? KeychainState::unknown : KeychainState::unavailable);
}

ConnectionStore::KeychainState ConnectionStore::keychainState() const
{
    return keychainState_;
}

void ConnectionStore::probeKeychain()
{
    if (!keychainEnabled_) {
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT keychainStateChanged(keychainState_); }, Qt::QueuedConnection);
        return;
    }
    // Reading an entry that is not there reaches the keychain (EntryNotFound) without leaving
    // anything behind in it.
    // The jobs have no parent: QtKeychain's Secret Service backend calls back into a job that
    // is still running, so it must not die with the store. They delete themselves when done;
    // connecting with the store as context drops the answer if the store is gone by then.
    auto *job = new QKeychain::ReadPasswordJob(service_);
    job->setKey(QStringLiteral("lockscope-probe"));
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *finished) {
        noteKeychainResult(*finished);
        // Emitted even when nothing changed: the caller asked.
        Q_EMIT keychainStateChanged(keychainState_);
    });
    job->start();
}

QList<ConnectionProfile> ConnectionStore::savedConnections() const
{
    return readList(savedArray);
}

std::optional<ConnectionProfile> ConnectionStore::savedConnection(const QString &name) const
{
    for (const auto &profile : readList(savedArray)) {
        if (profile.name == name)
            return profile;
    }
    return std::nullopt;
}

bool ConnectionStore::hasStoredPassword(const QString &name) const
{
    const int count = settings_->beginReadArray(savedArray);
    bool stored = false;
    for (int i = 0; i < count; ++i) {
        settings_->setArrayIndex(i);
        if (settings_->value(QStringLiteral("name")).toString() == name) {
            stored = settings_->value(storedFlag).toBool();
            break;
        }
    }
    settings_->endArray();
    return stored;
}

void ConnectionStore::saveConnection(const ConnectionProfile &profile, bool rememberPassword)
{
    const auto split = connectionurl::takePassword(profile.url);
    const QString sentinelPassword = profile.sentinelPassword.isEmpty()
                                         ? connectionurl::takeSentinelPassword(split.url).password
                                         : profile.sentinelPassword;
    const QString password = profile.password.isEmpty() ? split.password : profile.password;
    ConnectionProfile saved = withoutPassword(profile);
    saved.name = saved.displayName();

    const bool wasStored = hasStoredPassword(saved.name);
    auto list = readList(savedArray);
    list.removeIf([&saved](const ConnectionProfile &p) { return p.name == saved.name; });
    list.append(saved);
    // As people sort names: "prod-2" before "prod-10", "R&D" among the r's.
    // The C locale (CI, minimal systems) collates bytes and knows no numeric mode.
    QLocale locale;
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English);
    QCollator collator(locale);
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(list.begin(), list.end(), [&collator](const auto &a, const auto &b) {
        return collator.compare(a.name, b.name) < 0;
    });

    writeList(savedArray, list);
    // An unchanged password (the field left empty when editing) keeps what the keychain has.
    setStoredPasswordFlag(saved.name, wasStored && rememberPassword);
    Q_EMIT savedConnectionsChanged();

    const QString name = saved.name;
    if (!rememberPassword) {
        if (wasStored && keychainEnabled_) {
            auto *job = new QKeychain::DeletePasswordJob(service_);
            job->setKey(keychainKey(name));
            connect(job, &QKeychain::Job::finished, this,
                    [this](QKeychain::Job *finished) { noteKeychainResult(*finished); });
            job->start();
        }
        return;
    }
    if (password.isEmpty() && sentinelPassword.isEmpty())
        return;
    if (!keychainEnabled_ || keychainState_ == KeychainState::unavailable) {
        QMetaObject::invokeMethod(
            this,
            [this, name] {
                Q_EMIT passwordSaved(name, false,
                                     tr("No system keychain: the password will be asked each "
                                        "time."));
            },
            Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(service_);
    job->setKey(keychainKey(name));
    job->setTextData(encodeSecrets(password, sentinelPassword));
    // Never setInsecureFallback(true): QtKeychain would then write the password in plain text
    // into a settings file, which is exactly what the keychain is for avoiding.
    connect(job, &QKeychain::Job::finished, this, [this, name](QKeychain::Job *finished) {
        const bool reached = noteKeychainResult(*finished);
        const bool stored = reached && finished->error() == QKeychain::NoError;
        setStoredPasswordFlag(name, stored);
        QString message;
        if (!reached)
            message = tr("No system keychain (%1): the password will be asked each time.")
                          .arg(finished->errorString());
        else if (!stored)
            message =
                tr("The keychain did not store the password: %1").arg(finished->errorString());
        Q_EMIT passwordSaved(name, stored, message);
    });
    job->start();
}

void ConnectionStore::removeConnection(const QString &name)
{
    const bool wasStored = hasStoredPassword(name);
    auto list = readList(savedArray);
    if (list.removeIf([&name](const ConnectionProfile &p) { return p.name == name; }) == 0)
        return;
    writeList(savedArray, list);
    Q_EMIT savedConnectionsChanged();
    if (wasStored && keychainEnabled_) {
        auto *job = new QKeychain::DeletePasswordJob(service_);
        job->setKey(keychainKey(name));
        connect(job, &QKeychain::Job::finished, this,
                [this](QKeychain::Job *finished) { noteKeychainResult(*finished); });
        job->start();
    }
}

QList<ConnectionProfile> ConnectionStore::recentConnections() const
{
    return readList(recentArray);
}

void ConnectionStore::addRecent(const ConnectionProfile &profile)
{
    if (profile.ephemeral)
        return;
    const ConnectionProfile recent = withoutPassword(profile);
    auto list = readList(recentArray);
    list.removeIf([&recent](const ConnectionProfile &p) { return sameEntry(p, recent); });
    list.prepend(recent);
    if (list.size() > maxRecent_)
        list.resize(maxRecent_);
    writeList(recentArray, list);
    Q_EMIT recentConnectionsChanged();
}

void ConnectionStore::clearRecent()
{
    writeList(recentArray, {});
    Q_EMIT recentConnectionsChanged();
}

int ConnectionStore::maxRecent() const
{
    return maxRecent_;
}

void ConnectionStore::setMaxRecent(int count)
{
    maxRecent_ = std::max(count, 0);
}

void ConnectionStore::requestPassword(const QString &name)
{
    if (!keychainEnabled_ || keychainState_ == KeychainState::unavailable ||
        !hasStoredPassword(name)) {
        // Asynchronous like a keychain answer, so that callers have one code path.
        QMetaObject::invokeMethod(
            this, [this, name] { Q_EMIT passwordReady(name, QString(), false); },
            Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(service_);
    job->setKey(keychainKey(name));
    connect(job, &QKeychain::Job::finished, this, [this, name](QKeychain::Job *finished) {
        noteKeychainResult(*finished);
        const auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
        if (finished->error() == QKeychain::NoError) {
            const auto [password, sentinelPassword] = decodeSecrets(read->textData());
            if (!sentinelPassword.isEmpty())
                Q_EMIT sentinelPasswordReady(name, sentinelPassword);
            Q_EMIT passwordReady(name, password, true);
            return;
        }
        if (finished->error() == QKeychain::EntryNotFound)
            setStoredPasswordFlag(name, false); // removed behind our back
        Q_EMIT passwordReady(name, QString(), false);
    });
    job->start();
}

QList<ConnectionProfile> ConnectionStore::readList(const QString &array) const
{
    QList<ConnectionProfile> profiles;
    const int count = settings_->beginReadArray(array);
    for (int i = 0; i < count; ++i) {
        settings_->setArrayIndex(i);
        ConnectionProfile profile;
        profile.name = settings_->value(QStringLiteral("name")).toString();
        profile.url = settings_->value(QStringLiteral("url")).toString();
        profile.prefix = settings_->value(QStringLiteral("prefix")).toString();
        profile.pattern = settings_->value(QStringLiteral("pattern")).toString();
        profile.customTokenLength = settings_->value(QStringLiteral("customTokenLength")).toInt();
        profile.readOnly = settings_->value(QStringLiteral("readOnly")).toBool();
        profile.maxHoldMinutes =
            settings_->value(QStringLiteral("maxHoldMinutes"), profile.maxHoldMinutes).toInt();
        profile.resyncBudget =
            std::max(0, settings_->value(QStringLiteral("resyncBudget")).toInt());
        profiles.append(profile);
    }
    settings_->endArray();
    return profiles;
}

void ConnectionStore::writeList(const QString &array, const QList<ConnectionProfile> &profiles)
{
    // Keep the keychain flags of the saved connections across the rewrite.
    QStringList stored;
    if (array == savedArray) {
        for (const auto &profile : profiles) {
            if (hasStoredPassword(profile.name))
                stored.append(profile.name);
        }
    }
    settings_->remove(array);
    settings_->beginWriteArray(array, static_cast<int>(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile profile = withoutPassword(profiles.at(i));
        settings_->setArrayIndex(i);
        settings_->setValue(QStringLiteral("name"), profile.name);
        settings_->setValue(QStringLiteral("url"), profile.url);
        settings_->setValue(QStringLiteral("prefix"), profile.prefix);
        settings_->setValue(QStringLiteral("pattern"), profile.pattern);
        settings_->setValue(QStringLiteral("customTokenLength"), profile.customTokenLength);
        settings_->setValue(QStringLiteral("readOnly"), profile.readOnly);
        settings_->setValue(QStringLiteral("maxHoldMinutes"), profile.maxHoldMinutes);
        settings_->setValue(QStringLiteral("resyncBudget"), profile.resyncBudget);
        if (array == savedArray)
            settings_->setValue(storedFlag, stored.contains(profile.name));
    }
    settings_->endArray();
    settings_->sync();
}

void ConnectionStore::setStoredPasswordFlag(const QString &name, bool stored)
{
    const int count = settings_->beginReadArray(savedArray);
    int index = -1;
    for (int i = 0; i < count && index < 0; ++i) {
        settings_->setArrayIndex(i);
        if (settings_->value(QStringLiteral("name")).toString() == name)
            index = i;
    }
    settings_->endArray();
    if (index < 0)
        return;
    // QSettings arrays cannot be edited in place through beginWriteArray without rewriting the
    // size; the flag is a plain key under the array's index.
    settings_->setValue(QStringLiteral("%1/%2/%3").arg(savedArray).arg(index + 1).arg(storedFlag),
                        stored);
    settings_->sync();
}

void ConnectionStore::setKeychainState(KeychainState state)
{
    if (keychainState_ == state)
        return;
    keychainState_ = state;
    Q_EMIT keychainStateChanged(state);
}

bool ConnectionStore::noteKeychainResult(const QKeychain::Job &job)
{
    switch (job.error()) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        setKeychainState(KeychainState::available);
        return true;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        // On Linux "no session bus" and "no Secret Service" both come back as OtherError.
        setKeychainState(KeychainState::unavailable);
        return false;
    }
    return false;
}

QString ConnectionStore::keychainKey(const QString &name) const
{
    return QStringLiteral("connection/") + name;
}
