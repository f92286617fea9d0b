#include "support/commandstats.h"

#include <QRegularExpression>

namespace lockscope::test {

QStringList nonReadCommands(RawRedis &raw)
{
    static const QStringList reads{
        QStringLiteral("auth"),   QStringLiteral("client"),   QStringLiteral("command"),
        QStringLiteral("config"), QStringLiteral("dbsize"),   QStringLiteral("exists"),
        QStringLiteral("get"),    QStringLiteral("getrange"), QStringLiteral("hello"),
        QStringLiteral("info"),   QStringLiteral("keys"),     QStringLiteral("ping"),
        QStringLiteral("pttl"),   QStringLiteral("scan"),     QStringLiteral("select"),
        QStringLiteral("type"),   QStringLiteral("strlen"),   QStringLiteral("subscribe"),
        QStringLiteral("hscan"),  QStringLiteral("llen"),     QStringLiteral("memory"),
    };
    // Redis 7 counts a container command per subcommand ("config|get", "config|set"): a
    // subcommand is a read when its whole name is listed, or when all of its parent's are
    // (CLIENT and COMMAND only touch the connection or describe the server).
    static const QStringList readSubcommands{
        QStringLiteral("config|get"),     QStringLiteral("config|resetstat"),
        QStringLiteral("cluster|shards"), QStringLiteral("cluster|slots"),
        QStringLiteral("cluster|nodes"),  QStringLiteral("cluster|info"),
        QStringLiteral("cluster|myid"),   QStringLiteral("memory|usage"),
    };
    static const QStringList readParents{QStringLiteral("client"), QStringLiteral("command")};
    const auto info = raw.command({"INFO", "commandstats"});
    if (info.isError())
        return {QStringLiteral("INFO failed: ") + info.toString()};
    QStringList others;
    static const QRegularExpression stat(QStringLiteral("^cmdstat_([a-z_|-]+)"),
                                         QRegularExpression::MultilineOption);
    for (auto match = stat.globalMatch(QString::fromUtf8(info.str)); match.hasNext();) {
        const QString name = match.next().captured(1);
        const qsizetype bar = name.indexOf(u'|');
        const bool read =
            bar < 0 ? reads.contains(name)
                    : readSubcommands.contains(name) || readParents.contains(name.left(bar));
        if (!read)
            others.append(name);
    }
    return others;
}

QHash<QString, qint64> commandCalls(RawRedis &raw)
{
    QHash<QString, qint64> calls;
    const auto info = raw.command({"INFO", "commandstats"});
    if (info.isError())
        return calls;
    static const QRegularExpression stat(QStringLiteral("^cmdstat_([a-z_|-]+):calls=(\\d+)"),
                                         QRegularExpression::MultilineOption);
    for (auto match = stat.globalMatch(QString::fromUtf8(info.str)); match.hasNext();) {
        const auto found = match.next();
        calls.insert(found.captured(1), found.captured(2).toLongLong());
    }
    return calls;
}

} // namespace lockscope::test
