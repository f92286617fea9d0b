#include "connection/connectiondialog.h"

#include "connection/connectionurl.h"
#include "session/resyncplan.h"

#include <cosy/redis/settings.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

#include <filesystem>

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

// Colours that read on both the light and the dark system palette.
QColor errorColour(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28);
}

QColor warningColour(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0xc1, 0x07) : QColor(0x9a, 0x5b, 0x00);
}

void setTextColour(QLabel *label, const QColor &colour)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, colour);
    label->setPalette(palette);
}

// A one-line label that never widens the dialog: long text is cut, the tooltip has all of it.
QLabel *oneLineLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(false);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    label->setMinimumWidth(0);
    return label;
}

} // namespace

ConnectionDialog::ConnectionDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Connect to Redis"));

    urlEdit_ = new QLineEdit(this);
    urlEdit_->setObjectName(QStringLiteral("urlEdit"));
    urlEdit_->setPlaceholderText(QStringLiteral("redis://127.0.0.1:6379/0"));
    urlEdit_->setToolTip(tr("redis://[user@]host[:port][/db], rediss://… for TLS, "
                            "unix:///path/to/socket[?db=N], redis-cluster://host:port,… (seed "
                            "nodes) or redis-sentinel://host:port,…/MASTER[/db]. The password "
                            "goes in its own field."));
    urlEdit_->setMinimumWidth(urlEdit_->fontMetrics().averageCharWidth() * 64);
    urlStatus_ = oneLineLabel(this);
    urlStatus_->setObjectName(QStringLiteral("urlStatus"));

    passwordEdit_ = new QLineEdit(this);
    passwordEdit_->setObjectName(QStringLiteral("passwordEdit"));
    passwordEdit_->setEchoMode(QLineEdit::Password);
    passwordEdit_->setPlaceholderText(tr("none"));

    nameEdit_ = new QLineEdit(this);
    nameEdit_->setObjectName(QStringLiteral("nameEdit"));
    nameEdit_->setPlaceholderText(tr("optional; shown in menus and the audit log"));

    // The deployment: another view of the URL's scheme, host list and path, so that what is
    // saved and parsed is the URL alone.
    deploymentCombo_ = new QComboBox(this);
    deploymentCombo_->setObjectName(QStringLiteral("deploymentCombo"));
    deploymentCombo_->addItem(tr("Standalone server"), int(redislock::Deployment::standalone));
    deploymentCombo_->addItem(tr("Redis Cluster"), int(redislock::Deployment::cluster));
    deploymentCombo_->addItem(tr("Sentinel"), int(redislock::Deployment::sentinel));
    seedsEdit_ = new QLineEdit(this);
    seedsEdit_->setObjectName(QStringLiteral("seedsEdit"));
    seedsEdit_->setPlaceholderText(QStringLiteral("127.0.0.1:7001, 127.0.0.1:7002"));
    seedsEdit_->setToolTip(tr("host:port of some cluster nodes (any one that answers tells "
                              "the rest), or of the sentinels"));
    masterNameEdit_ = new QLineEdit(this);
    masterNameEdit_->setObjectName(QStringLiteral("masterNameEdit"));
    masterNameEdit_->setPlaceholderText(QStringLiteral("mymaster"));
    masterNameEdit_->setToolTip(tr("The name the sentinels monitor the master under"));
    sentinelPasswordEdit_ = new QLineEdit(this);
    sentinelPasswordEdit_->setObjectName(QStringLiteral("sentinelPasswordEdit"));
    sentinelPasswordEdit_->setEchoMode(QLineEdit::Password);
    sentinelPasswordEdit_->setPlaceholderText(tr("none"));
    sentinelPasswordEdit_->setToolTip(tr("The sentinels' own password, when they have one "
                                         "(the password above is the master's)"));
    const auto buddyLabel = [this](const QString &text, QWidget *buddy) {
        auto *label = new QLabel(text, this);
        label->setBuddy(buddy);
        return label;
    };
    seedsLabel_ = buddyLabel(tr("Seed &list:"), seedsEdit_);
    masterNameLabel_ = buddyLabel(tr("Master name:"), masterNameEdit_);
    sentinelPasswordLabel_ = buddyLabel(tr("Sentinel pass&word:"), sentinelPasswordEdit_);
    connect(deploymentCombo_, &QComboBox::activated, this, &ConnectionDialog::onDeploymentEdited);
    connect(seedsEdit_, &QLineEdit::textEdited, this, &ConnectionDialog::onDeploymentEdited);
    connect(masterNameEdit_, &QLineEdit::textEdited, this, &ConnectionDialog::onDeploymentEdited);

    auto *connectionForm = new QFormLayout;
    connectionForm->addRow(tr("&URL:"), urlEdit_);
    connectionForm->addRow(QString(), urlStatus_);
    connectionForm->addRow(buddyLabel(tr("&Deployment:"), deploymentCombo_), deploymentCombo_);
    connectionForm->addRow(seedsLabel_, seedsEdit_);
    connectionForm->addRow(masterNameLabel_, masterNameEdit_);
    connectionForm->addRow(tr("&Password:"), passwordEdit_);
    connectionForm->addRow(sentinelPasswordLabel_, sentinelPasswordEdit_);
    connectionForm->addRow(tr("&Name:"), nameEdit_);

    // TLS: the fields are another view of the URL's query items (ca, cert, key, sni, insecure),
    // so that what is saved and parsed is the URL alone.
    tlsGroup_ = new QGroupBox(tr("TLS"), this);
    tlsGroup_->setObjectName(QStringLiteral("tlsGroup"));
    auto *tlsForm = new QFormLayout(tlsGroup_);
    const auto fileRow = [this, tlsForm](const QString &label, const QString &objectName,
                                         const QString &placeholder, const QString &dialogTitle) {
        auto *edit = new QLineEdit(tlsGroup_);
        edit->setObjectName(objectName);
        edit->setPlaceholderText(placeholder);
        auto *browse = new QPushButton(tr("Browse…"), tlsGroup_);
        auto *row = new QHBoxLayout;
        row->addWidget(edit, 1);
        row->addWidget(browse);
        // A label of its own, with a buddy, so that its mnemonic works (and is not shown as "&").
        auto *rowLabel = new QLabel(label, tlsGroup_);
        rowLabel->setBuddy(edit);
        tlsForm->addRow(rowLabel, row);
        connect(browse, &QPushButton::clicked, this,
                [this, edit, dialogTitle] { browseInto(edit, dialogTitle); });
        connect(edit, &QLineEdit::textEdited, this, &ConnectionDialog::onTlsEdited);
        return edit;
    };
    caFileEdit_ = fileRow(tr("&CA file:"), QStringLiteral("caFileEdit"),
                          tr("the system's trusted CAs"), tr("CA certificates (PEM)"));
    certFileEdit_ = fileRow(tr("Client c&ertificate:"), QStringLiteral("certFileEdit"), tr("none"),
                            tr("Client certificate (PEM)"));
    keyFileEdit_ = fileRow(tr("Client &key:"), QStringLiteral("keyFileEdit"), tr("none"),
                           tr("Client private key (PEM)"));
    serverNameEdit_ = new QLineEdit(tlsGroup_);
    serverNameEdit_->setObjectName(QStringLiteral("serverNameEdit"));
    serverNameEdit_->setPlaceholderText(tr("the host in the URL"));
    connect(serverNameEdit_, &QLineEdit::textEdited, this, &ConnectionDialog::onTlsEdited);
    tlsForm->addRow(tr("Server name (&SNI):"), serverNameEdit_);
    insecureCheck_ =
        new QCheckBox(tr("Do not &verify the server's certificate (insecure)"), tlsGroup_);
    insecureCheck_->setObjectName(QStringLiteral("insecureCheck"));
    insecureWarning_ = new QLabel(tr("Anyone between you and the server can read the traffic "
                                     "and pose as the server. Use only for testing."),
                                  tlsGroup_);
    insecureWarning_->setObjectName(QStringLiteral("insecureWarning"));
    insecureWarning_->setWordWrap(true);
    insecureWarning_->setVisible(false);
    tlsForm->addRow(insecureCheck_);
    tlsForm->addRow(insecureWarning_);
    connect(insecureCheck_, &QCheckBox::toggled, this, [this](bool insecure) {
        insecureWarning_->setVisible(insecure);
        onTlsEdited();
        fitHeight();
    });

    auto *locksGroup = new QGroupBox(tr("Locks"), this);
    auto *locksForm = new QFormLayout(locksGroup);
    prefixEdit_ = new QLineEdit(locksGroup);
    prefixEdit_->setObjectName(QStringLiteral("prefixEdit"));
    prefixEdit_->setPlaceholderText(tr("none"));
    prefixEdit_->setToolTip(tr("Cosy's Prefix: lock keys are \"<prefix>:<key>\"."));
    patternEdit_ = new QLineEdit(locksGroup);
    patternEdit_->setObjectName(QStringLiteral("patternEdit"));
    patternEdit_->setToolTip(tr("The keys to list, as a SCAN MATCH glob."));
    tokenLengthSpin_ = new QSpinBox(locksGroup);
    tokenLengthSpin_->setObjectName(QStringLiteral("tokenLengthSpin"));
    tokenLengthSpin_->setRange(0, 1024);
    tokenLengthSpin_->setSpecialValueText(tr("off"));
    tokenLengthSpin_->setSuffix(tr(" bytes"));
    tokenLengthSpin_->setToolTip(tr("Also read values as a token of this length followed by "
                                    "metadata, besides the standard 22-byte tokens."));
    maxHoldSpin_ = new QSpinBox(locksGroup);
    maxHoldSpin_->setObjectName(QStringLiteral("maxHoldSpin"));
    maxHoldSpin_->setRange(1, 7 * 24 * 60);
    maxHoldSpin_->setValue(ConnectionProfile().maxHoldMinutes);
    maxHoldSpin_->setSuffix(tr(" min"));
    maxHoldSpin_->setToolTip(tr("A holder that keeps a lock longer than this by refreshing it "
                                "is flagged as an anomaly (held too long)."));
    // 0 is "the app's default", so that changing the default reaches every connection that
    // did not choose a budget of its own.
    resyncBudgetSpin_ = new QSpinBox(locksGroup);
    resyncBudgetSpin_->setObjectName(QStringLiteral("resyncBudgetSpin"));
    resyncBudgetSpin_->setRange(0, 1'000'000);
    resyncBudgetSpin_->setSingleStep(500);
    resyncBudgetSpin_->setGroupSeparatorShown(true);
    resyncBudgetSpin_->setSuffix(tr(" commands/s"));
    resyncBudgetSpin_->setToolTip(
        tr("How many commands a second the inspector may send to this server to re-read TTLs "
           "and rescan, whatever the number of locks. Lower it for a busy production server."));
    setDefaultResyncBudget(ResyncPlan::defaultBudget);
    readOnlyCheck_ =
        new QCheckBox(tr("&Read-only: never write through this connection"), locksGroup);
    readOnlyCheck_->setObjectName(QStringLiteral("readOnlyCheck"));
    locksForm->addRow(tr("Key pre&fix:"), prefixEdit_);
    locksForm->addRow(tr("P&attern:"), patternEdit_);
    locksForm->addRow(tr("Custom &token length:"), tokenLengthSpin_);
    locksForm->addRow(tr("Maximum &hold:"), maxHoldSpin_);
    locksForm->addRow(tr("Re-sync &budget:"), resyncBudgetSpin_);
    locksForm->addRow(readOnlyCheck_);
    connect(prefixEdit_, &QLineEdit::textChanged, this, &ConnectionDialog::onPrefixChanged);

    saveCheck_ = new QCheckBox(tr("Save this c&onnection"), this);
    saveCheck_->setObjectName(QStringLiteral("saveCheck"));
    rememberCheck_ = new QCheckBox(tr("Re&member the password in the system keychain"), this);
    rememberCheck_->setObjectName(QStringLiteral("rememberPasswordCheck"));
    connect(saveCheck_, &QCheckBox::toggled, this, &ConnectionDialog::updateRememberBox);

    importButton_ = new QPushButton(tr("&Import app.ini…"), this);
    importButton_->setObjectName(QStringLiteral("importButton"));
    importButton_->setToolTip(tr("Fill URL, password and prefix from the [redis] section of a "
                                 "Cosy app.ini."));
    connect(importButton_, &QPushButton::clicked, this, &ConnectionDialog::chooseAppIni);
    noteLabel_ = oneLineLabel(this);
    noteLabel_->setObjectName(QStringLiteral("noteLabel"));

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->setObjectName(QStringLiteral("buttonBox"));
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(importButton_);
    buttonRow->addWidget(buttons_, 1);
    // "Remember" belongs to "Save": indent it under the save box's label.
    auto *rememberRow = new QHBoxLayout;
    rememberRow->addSpacing(style()->pixelMetric(QStyle::PM_IndicatorWidth) +
                            style()->pixelMetric(QStyle::PM_CheckBoxLabelSpacing));
    rememberRow->addWidget(rememberCheck_, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(connectionForm);
    layout->addWidget(tlsGroup_);
    layout->addWidget(locksGroup);
    layout->addWidget(saveCheck_);
    layout->addLayout(rememberRow);
    layout->addWidget(noteLabel_);
    layout->addLayout(buttonRow);

    connect(urlEdit_, &QLineEdit::textChanged, this, [this] {
        updateTlsVisibility();
        updateValidation();
    });
    connect(urlEdit_, &QLineEdit::textEdited, this, &ConnectionDialog::onUrlEdited);
    connect(urlEdit_, &QLineEdit::editingFinished, this, [this] { takePasswordFromUrl(true); });

    onPrefixChanged();
    updateTlsVisibility();
    updateDeploymentRows();
    updateRememberBox();
    updateValidation();
    updateColours();
    urlEdit_->setFocus();
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile profile;
    profile.name = nameEdit_->text().trimmed();
    profile.url = urlEdit_->text().trimmed();
    profile.password = passwordEdit_->text();
    if (connectionurl::deploymentFields(profile.url).deployment == redislock::Deployment::sentinel)
        profile.sentinelPassword = sentinelPasswordEdit_->text();
    profile.prefix = prefixEdit_->text().trimmed();
    profile.pattern = patternEdit_->text().trimmed();
    profile.customTokenLength = tokenLengthSpin_->value();
    profile.maxHoldMinutes = maxHoldSpin_->value();
    profile.resyncBudget = resyncBudgetSpin_->value();
    profile.readOnly = readOnlyCheck_->isChecked();
    return profile;
}

void ConnectionDialog::setProfile(const ConnectionProfile &profile)
{
    const auto split = connectionurl::takePassword(profile.url);
    const auto sentinelSplit = connectionurl::takeSentinelPassword(split.url);
    nameEdit_->setText(profile.name);
    urlEdit_->setText(sentinelSplit.url);
    sentinelPasswordEdit_->setText(profile.sentinelPassword.isEmpty() ? sentinelSplit.password
                                                                      : profile.sentinelPassword);
    passwordEdit_->setText(profile.password.isEmpty() ? split.password : profile.password);
    prefixEdit_->setText(profile.prefix);
    patternEdit_->setText(profile.pattern);
    tokenLengthSpin_->setValue(profile.customTokenLength);
    maxHoldSpin_->setValue(profile.maxHoldMinutes);
    resyncBudgetSpin_->setValue(profile.resyncBudget);
    readOnlyCheck_->setChecked(profile.readOnly);
    lastUrlSize_ = 0;
    onUrlEdited();
    showNote({}, false);
}

bool ConnectionDialog::saveConnection() const
{
    return saveCheck_->isChecked();
}

void ConnectionDialog::setSaveConnection(bool save)
{
    saveCheck_->setChecked(save);
}

void ConnectionDialog::setDefaultResyncBudget(int commandsPerSecond)
{
    resyncBudgetSpin_->setSpecialValueText(
        tr("default (%1 commands/s)").arg(QLocale().toString(commandsPerSecond)));
}

bool ConnectionDialog::rememberPassword() const
{
    return rememberCheck_->isEnabled() && rememberCheck_->isChecked();
}

void ConnectionDialog::setRememberPassword(bool remember)
{
    rememberCheck_->setChecked(remember);
}

void ConnectionDialog::setKeychainAvailable(bool available)
{
    keychainAvailable_ = available;
    updateRememberBox();
}

void ConnectionDialog::askForPassword(const QString &reason)
{
    showNote(reason, false);
    passwordEdit_->setFocus();
    passwordEdit_->selectAll();
}

bool ConnectionDialog::isUrlValid() const
{
    return urlError_.isEmpty();
}

QString ConnectionDialog::urlError() const
{
    return urlError_;
}

bool ConnectionDialog::importAppIni(const QString &path)
{
    const std::filesystem::path file(QFile::encodeName(path).toStdString());
    const auto settings = cosy::redis::loadSettings(file);
    if (!settings) {
        // The core names the file with its full path; the file name is enough in one line.
        QString reason = QString::fromStdString(settings.error().message());
        reason.replace(QString::fromStdString(file.string()), QFileInfo(path).fileName());
        showNote(tr("Import failed: %1").arg(reason), true);
        return false;
    }
    const QString addr = QString::fromStdString(settings->addr);
    // Cosy's Addr is host:port; the core takes it as go-redis does (a URL is accepted too).
    const auto address = redislock::ConnectionOptions::fromAddress(settings->addr);
    if (!address) {
        showNote(
            tr("Import failed: %1: Addr: %2")
                .arg(QFileInfo(path).fileName(), QString::fromStdString(address.error().message())),
            true);
        return false;
    }
    // An Addr that is already a URL (go-redis accepts those too) keeps its own database.
    const QString url = addr.contains(u"://") ? addr
                                              : QStringLiteral("redis://") + addr + u'/' +
                                                    QString::number(settings->db);
    const auto split = connectionurl::takePassword(url);
    urlEdit_->setText(split.url);
    const QString password = QString::fromStdString(settings->password);
    passwordEdit_->setText(password.isEmpty() ? split.password : password);
    prefixEdit_->setText(QString::fromStdString(settings->prefix));
    lastUrlSize_ = 0;
    onUrlEdited();
    showNote(tr("Imported %1: %2%3")
                 .arg(QFileInfo(path).fileName(), split.url,
                      settings->prefix.empty()
                          ? QString()
                          : tr(", prefix %1").arg(QString::fromStdString(settings->prefix))),
             false);
    return true;
}

void ConnectionDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateColours();
}

void ConnectionDialog::accept()
{
    takePasswordFromUrl(true);
    QDialog::accept();
}

void ConnectionDialog::onUrlEdited()
{
    if (syncing_)
        return;
    // A chunk that arrives at once (a paste, a drop) is complete: a password= item at its end
    // can go at once. Typed key by key, the last item may still be growing.
    const QString text = urlEdit_->text();
    const bool chunk = text.size() - lastUrlSize_ > 1;
    lastUrlSize_ = text.size();
    takePasswordFromUrl(chunk);
    const auto tls = connectionurl::tlsFields(urlEdit_->text());
    const auto deployment = connectionurl::deploymentFields(urlEdit_->text().trimmed());
    syncing_ = true;
    deploymentCombo_->setCurrentIndex(deploymentCombo_->findData(int(deployment.deployment)));
    seedsEdit_->setText(deployment.seeds);
    masterNameEdit_->setText(deployment.masterName);
    updateDeploymentRows();
    caFileEdit_->setText(tls.caFile);
    certFileEdit_->setText(tls.certFile);
    keyFileEdit_->setText(tls.keyFile);
    serverNameEdit_->setText(tls.serverName);
    insecureCheck_->setChecked(tls.insecure);
    syncing_ = false;
}

void ConnectionDialog::onDeploymentEdited()
{
    if (syncing_)
        return;
    connectionurl::DeploymentFields fields;
    fields.deployment = redislock::Deployment(deploymentCombo_->currentData().toInt());
    fields.seeds = seedsEdit_->text();
    fields.masterName = masterNameEdit_->text().trimmed();
    syncing_ = true;
    urlEdit_->setText(connectionurl::withDeploymentFields(urlEdit_->text().trimmed(), fields));
    lastUrlSize_ = urlEdit_->text().size();
    updateDeploymentRows();
    syncing_ = false;
}

void ConnectionDialog::updateDeploymentRows()
{
    const auto deployment = redislock::Deployment(deploymentCombo_->currentData().toInt());
    const bool several = deployment != redislock::Deployment::standalone;
    const bool sentinel = deployment == redislock::Deployment::sentinel;
    const bool changed =
        seedsEdit_->isVisibleTo(this) != several || masterNameEdit_->isVisibleTo(this) != sentinel;
    for (QWidget *widget :
         {static_cast<QWidget *>(seedsLabel_), static_cast<QWidget *>(seedsEdit_)})
        widget->setVisible(several);
    for (QWidget *widget :
         {static_cast<QWidget *>(masterNameLabel_), static_cast<QWidget *>(masterNameEdit_),
          static_cast<QWidget *>(sentinelPasswordLabel_),
          static_cast<QWidget *>(sentinelPasswordEdit_)})
        widget->setVisible(sentinel);
    seedsLabel_->setText(sentinel ? tr("Sentine&ls:") : tr("Seed &list:"));
    if (changed)
        fitHeight();
}

void ConnectionDialog::takePasswordFromUrl(bool complete)
{
    const QString text = urlEdit_->text();
    // The sentinels' password goes to its own field as soon as its item is complete.
    const auto lastSentinelItem = std::max(text.lastIndexOf(u'&'), text.lastIndexOf(u'?'));
    const bool growing =
        lastSentinelItem >= 0 &&
        QStringView(text).mid(lastSentinelItem + 1).startsWith(u"sentinel_password");
    if (const auto sentinel = connectionurl::takeSentinelPassword(text);
        sentinel.found && (complete || !growing)) {
        applyPasswordSplit(text, sentinel.url, passwordEdit_->text());
        sentinelPasswordEdit_->setText(sentinel.password);
        return takePasswordFromUrl(complete);
    }
    // Typed key by key, "…&password=se" is not finished yet: moving "se" now would leave the
    // rest of the password in the URL. The userinfo has its "@" as the end marker.
    const auto lastItem = text.lastIndexOf(u'&') > text.lastIndexOf(u'?') ? text.lastIndexOf(u'&')
                                                                          : text.lastIndexOf(u'?');
    const bool trailingPasswordItem =
        lastItem >= 0 && QStringView(text).mid(lastItem + 1).startsWith(u"password");
    const auto split =
        connectionurl::takePassword(!complete && trailingPasswordItem ? text.left(lastItem) : text);
    if (!complete && trailingPasswordItem && split.found) {
        // The finished part had a password (the userinfo's); keep the growing item as it is.
        const QString tail = text.mid(lastItem);
        applyPasswordSplit(text, split.url + tail, split.password);
    } else if (split.found) {
        applyPasswordSplit(text, split.url, split.password);
    }
}

void ConnectionDialog::applyPasswordSplit(const QString &before, const QString &url,
                                          const QString &password)
{
    // Keep the cursor where it was relative to the text after it (typing goes on at the end).
    const auto cursor = urlEdit_->cursorPosition() - (before.size() - url.size());
    urlEdit_->setText(url);
    urlEdit_->setCursorPosition(static_cast<int>(qBound(qsizetype(0), cursor, url.size())));
    lastUrlSize_ = url.size();
    passwordEdit_->setText(password);
    showNote(tr("The password was moved from the URL to the password field."), false);
}

void ConnectionDialog::onTlsEdited()
{
    if (syncing_)
        return;
    const connectionurl::TlsFields tls{
        caFileEdit_->text().trimmed(), certFileEdit_->text().trimmed(),
        keyFileEdit_->text().trimmed(), serverNameEdit_->text().trimmed(),
        insecureCheck_->isChecked()};
    syncing_ = true;
    urlEdit_->setText(connectionurl::withTlsFields(urlEdit_->text().trimmed(), tls));
    syncing_ = false;
}

void ConnectionDialog::onPrefixChanged()
{
    ConnectionProfile defaults;
    defaults.prefix = prefixEdit_->text().trimmed();
    patternEdit_->setPlaceholderText(tr("%1 (default)").arg(defaults.effectivePattern()));
}

void ConnectionDialog::updateValidation()
{
    const QString url = urlEdit_->text().trimmed();
    bool ok = false;
    if (url.isEmpty()) {
        urlError_ = tr("Enter a redis://, rediss:// or unix:// URL.");
        urlStatus_->setText(urlError_);
    } else if (const auto parsed = connectionurl::parse(url); !parsed) {
        urlError_ = parsed.error();
        urlStatus_->setText(tr("Invalid: %1").arg(urlError_));
    } else {
        urlError_.clear();
        urlStatus_->setText(connectionurl::describe(*parsed));
        ok = true;
    }
    urlStatus_->setToolTip(urlStatus_->text());
    urlStatus_->setProperty("valid", ok);
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(ok);
    updateColours();
}

void ConnectionDialog::updateTlsVisibility()
{
    const bool tls = connectionurl::isTls(urlEdit_->text().trimmed());
    if (tlsGroup_->isVisibleTo(this) == tls)
        return;
    tlsGroup_->setVisible(tls);
    fitHeight();
}

void ConnectionDialog::fitHeight()
{
    // Rows come and go (the TLS group, the insecure warning): take the height they need, and
    // give it back when they go instead of stretching the others. The wrapped warning needs
    // height-for-width, which a top-level's minimum size does not follow by itself.
    if (!isVisible())
        return;
    layout()->activate();
    const int height = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : layout()->totalSizeHint().height();
    resize(width(), height);
}

void ConnectionDialog::updateRememberBox()
{
    rememberCheck_->setEnabled(keychainAvailable_ && saveCheck_->isChecked());
    rememberCheck_->setToolTip(
        keychainAvailable_
            ? tr("The password goes to the system keychain, never to a file.")
            : tr("No system keychain is available: the password will be asked each time."));
    if (!keychainAvailable_)
        rememberCheck_->setText(tr("Remember the password (no system keychain available)"));
    else
        rememberCheck_->setText(tr("Re&member the password in the system keychain"));
}

void ConnectionDialog::updateColours()
{
    const QPalette &base = palette();
    const bool urlOk = urlStatus_->property("valid").toBool();
    const bool urlEmpty = urlEdit_->text().trimmed().isEmpty();
    setTextColour(urlStatus_, urlOk || urlEmpty
                                  ? base.color(QPalette::Disabled, QPalette::WindowText)
                                  : errorColour(base));
    setTextColour(insecureWarning_, warningColour(base));
    setTextColour(noteLabel_, noteIsError_ ? errorColour(base)
                                           : base.color(QPalette::Disabled, QPalette::WindowText));
}

void ConnectionDialog::browseInto(QLineEdit *edit, const QString &title)
{
    const QString file =
        QFileDialog::getOpenFileName(this, title, QFileInfo(edit->text()).absolutePath(),
                                     tr("PEM files (*.pem *.crt *.key *.cert);;All files (*)"));
    if (file.isEmpty())
        return;
    edit->setText(file);
    onTlsEdited();
}

void ConnectionDialog::chooseAppIni()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Import a Cosy app.ini"), QString(),
                                                      tr("Cosy settings (*.ini);;All files (*)"));
    if (!file.isEmpty())
        importAppIni(file);
}

void ConnectionDialog::showNote(const QString &text, bool error)
{
    noteIsError_ = error;
    noteLabel_->setText(text);
    noteLabel_->setToolTip(text);
    updateColours();
}
