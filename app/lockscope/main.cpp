// lockscope: the desktop inspector. This file only wires things: command line, translations,
// the sandbox and Unix signals; the window and everything in it live in ui/.
#include "connection/connectionprofile.h"
#include "mainwindow.h"
#include "sandboxlauncher.h"
#include "uitranslation.h"
#include "unixsignalwatcher.h"

#include <cosy/redis/settings.h>
#include <redislock/connectionoptions.h>
#include <redislock/printable.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QTranslator>

#include <csignal>
#include <cstdio>
#include <lockscope/version.h>
#include <optional>
#include <string>

namespace {

// The language comes from --language or the system locale; it has to be known before the
// command line is parsed, so that --help is translated too.
QString requestedLanguage(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument.startsWith("--language="))
            return QString::fromLocal8Bit(argument.mid(11));
        if (argument == "--language" && i + 1 < argc)
            return QString::fromLocal8Bit(argv[i + 1]);
    }
    return {};
}

void installTranslations(QApplication &app, const QString &language)
{
    const QLocale locale = uiLocale(language);
    auto *own = new QTranslator(&app);
    if (loadUiTranslation(*own, locale))
        QApplication::installTranslator(own);
    // Qt's own strings (standard buttons, file dialogs), when Debian's translations are there.
    auto *qt = new QTranslator(&app);
    if (loadQtTranslation(*qt, locale))
        QApplication::installTranslator(qt);
    if (!language.isEmpty())
        QLocale::setDefault(locale);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Lockscope"));
    QApplication::setApplicationName(QStringLiteral("lockscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("Lockscope"));
    QApplication::setApplicationVersion(QStringLiteral(LOCKSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("lockscope"));
    installTranslations(app, requestedLanguage(argc, argv));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Inspector and test harness for Redis distributed locks."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption sandboxOption(
        QStringLiteral("sandbox"),
        QApplication::translate("main", "Start a private redis-server with demo locks and "
                                        "inspect it; \"--sandbox cluster\" starts a private "
                                        "3-master 3-replica Redis Cluster instead."));
    const QCommandLineOption urlOption(
        QStringLiteral("url"),
        QApplication::translate("main", "Connect to URL (redis://, rediss:// or unix://)."),
        QStringLiteral("URL"));
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        QApplication::translate("main", "Connect as a Cosy service would: the [redis] section "
                                        "of an app.ini."),
        QStringLiteral("app.ini"));
    const QCommandLineOption passwordFileOption(
        QStringLiteral("password-file"),
        QApplication::translate("main", "Read the Redis password from the first line of FILE "
                                        "(else the URL's or app.ini's, else the environment "
                                        "variable LOCKSCOPE_PASSWORD or REDISCLI_AUTH)."),
        QStringLiteral("FILE"));
    const QCommandLineOption prefixOption(
        QStringLiteral("prefix"),
        QApplication::translate("main", "List the keys under PREFIX:* (Cosy's Prefix)."),
        QStringLiteral("PREFIX"));
    const QCommandLineOption patternOption(
        QStringLiteral("pattern"), QApplication::translate("main", "List the keys matching GLOB."),
        QStringLiteral("GLOB"));
    const QCommandLineOption readOnlyOption(
        QStringLiteral("read-only"),
        QApplication::translate("main", "Disable every action that writes to Redis."));
    const QCommandLineOption languageOption(
        QStringLiteral("language"),
        QApplication::translate("main", "User interface language (en, zh_CN)."),
        QStringLiteral("LANG"));
    parser.addOptions({sandboxOption, urlOption, configOption, passwordFileOption, prefixOption,
                       patternOption, readOnlyOption, languageOption});
    parser.process(app);

    const auto fail = [](const QString &message) {
        // Escaped: what it quotes from the command line must not reach the terminal raw.
        std::fprintf(stderr, "lockscope: %s\n",
                     redislock::printable(message.toStdString()).c_str());
        return 2;
    };
    // "--sandbox cluster": the word after --sandbox is its kind.
    QStringList positional = parser.positionalArguments();
    const bool clusterSandbox = parser.isSet(sandboxOption) && !positional.isEmpty() &&
                                positional.constFirst() == QLatin1String("cluster");
    if (clusterSandbox)
        positional.removeFirst();
    if (!positional.isEmpty())
        return fail(QApplication::translate("main", "unexpected argument \"%1\"; see --help")
                        .arg(positional.constFirst()));
    const int sources = int(parser.isSet(sandboxOption)) + int(parser.isSet(urlOption)) +
                        int(parser.isSet(configOption));
    if (sources > 1)
        return fail(QApplication::translate(
            "main", "--sandbox, --url and --config exclude each other; give one"));

    const std::optional<std::string> passwordFile =
        parser.isSet(passwordFileOption)
            ? std::optional(parser.value(passwordFileOption).toStdString())
            : std::nullopt;
    if (passwordFile && !parser.isSet(urlOption) && !parser.isSet(configOption))
        return fail(QApplication::translate("main", "--password-file goes with --url or --config"));
    ConnectionProfile profile;
    if (parser.isSet(urlOption)) {
        profile.url = parser.value(urlOption);
        // A URL typed on the command line is checked before any window opens.
        auto parsed = redislock::ConnectionOptions::fromUrl(profile.url.toStdString());
        if (!parsed)
            return fail(QString::fromStdString(redislock::printable(parsed.error().message())));
        std::string password = parsed->password;
        const auto source = redislock::applyToolPassword(password, "the URL", passwordFile);
        if (!source)
            return fail(QString::fromStdString(redislock::printable(source.error().message())));
        // The session's password wins over the URL's; it stays in memory only.
        if (password != parsed->password)
            profile.password = QString::fromStdString(password);
    } else if (parser.isSet(configOption)) {
        auto settings = cosy::redis::loadSettings(parser.value(configOption).toStdString());
        if (!settings)
            return fail(QString::fromStdString(redislock::printable(settings.error().message())));
        if (const auto source =
                redislock::applyToolPassword(settings->password, "app.ini", passwordFile);
            !source)
            return fail(QString::fromStdString(redislock::printable(source.error().message())));
        profile.name = parser.value(configOption);
        profile.url = QStringLiteral("redis://%1/%2")
                          .arg(QString::fromStdString(settings->addr))
                          .arg(settings->db);
        profile.password = QString::fromStdString(settings->password);
        profile.prefix = QString::fromStdString(settings->prefix);
    }
    if (parser.isSet(prefixOption))
        profile.prefix = parser.value(prefixOption);
    if (parser.isSet(patternOption))
        profile.pattern = parser.value(patternOption);

    // Declared before the window, so that it is destroyed after it: the window's session lets
    // go of its connections before the sandbox's server stops.
    SandboxLauncher sandbox;
    MainWindow window;
    window.setAppReadOnly(parser.isSet(readOnlyOption));

    UnixSignalWatcher signalWatcher({SIGINT, SIGTERM});
    QObject::connect(&signalWatcher, &UnixSignalWatcher::received, &app, [&window] {
        window.closeWithoutAsking();
        QApplication::quit();
    });

    QObject::connect(&window, &MainWindow::sandboxRequested, &sandbox,
                     [&sandbox] { sandbox.start(); });
    QObject::connect(&sandbox, &SandboxLauncher::started, &window, [&window](const QString &url) {
        std::printf("sandbox: %s\n", qPrintable(url));
        std::fflush(stdout);
        window.openConnection(SandboxLauncher::profile(url));
    });
    QObject::connect(&sandbox, &SandboxLauncher::failed, &window, &MainWindow::showError);

    window.show();
    if (parser.isSet(sandboxOption))
        sandbox.start(clusterSandbox ? Sandbox::Kind::cluster : Sandbox::Kind::standalone);
    else if (!profile.url.isEmpty())
        window.openConnection(profile);
    else
        window.offerConnection();
    return QApplication::exec();
}
