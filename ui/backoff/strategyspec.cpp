#include "strategyspec.h"

#include <redislock/duration.h>
#include <redislock/retryspec.h>

#include <QRegularExpression>

namespace {

QString durationText(std::chrono::nanoseconds duration)
{
    return QString::fromStdString(redislock::formatDuration(duration));
}

std::optional<std::chrono::nanoseconds> durationFrom(const QString &text)
{
    const auto parsed = redislock::parseDuration(text.toStdString());
    if (!parsed)
        return std::nullopt;
    return *parsed;
}

// One kind's text without limit(): "linear(100ms)". The text is known to parse.
std::optional<StrategySpec> simpleFromText(const QString &text)
{
    static const QRegularExpression call(QStringLiteral(R"(^([a-z]+)(?:\((.*)\))?$)"));
    const QRegularExpressionMatch match = call.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QString name =
        match.captured(1) == QLatin1String("noretry") ? QStringLiteral("none") : match.captured(1);
    const qsizetype index = StrategySpec::keywords().indexOf(name);
    if (index < 0)
        return std::nullopt;
    StrategySpec spec;
    spec.kind = static_cast<StrategySpec::Kind>(index);
    if (spec.kind == StrategySpec::Kind::limit)
        return std::nullopt;
    const QStringList arguments =
        match.captured(2).isEmpty() ? QStringList() : match.captured(2).split(QLatin1Char(','));
    if (arguments.size() < StrategySpec::durationCount(spec.kind))
        return std::nullopt;
    if (StrategySpec::durationCount(spec.kind) >= 1) {
        const auto first = durationFrom(arguments.at(0));
        if (!first)
            return std::nullopt;
        spec.first = *first;
    }
    if (StrategySpec::durationCount(spec.kind) == 2) {
        const auto second = durationFrom(arguments.at(1));
        if (!second)
            return std::nullopt;
        spec.second = *second;
    }
    if (arguments.size() == 3) {
        bool ok = false;
        spec.seed = arguments.at(2).toULongLong(&ok);
        if (!ok)
            return std::nullopt;
    }
    return spec;
}

} // namespace

QString StrategySpec::text() const
{
    const Kind drawn = waitKind();
    QString body = keyword(drawn);
    if (durationCount(drawn) == 1)
        body += QLatin1Char('(') + durationText(first) + QLatin1Char(')');
    else if (durationCount(drawn) == 2) {
        body += QLatin1Char('(') + durationText(first) + QLatin1Char(',') + durationText(second);
        if (isJitter(drawn) && seed)
            body += QLatin1Char(',') + QString::number(*seed);
        body += QLatin1Char(')');
    }
    if (kind == Kind::limit)
        return QStringLiteral("limit(%1,%2)").arg(body).arg(maxRetries);
    return body;
}

std::optional<StrategySpec> StrategySpec::fromText(const QString &text)
{
    if (!redislock::parseRetryStrategy(text.toStdString()))
        return std::nullopt;
    // The parser accepted it, so blanks only separate tokens and names are letters: drop the
    // blanks, fold the case, and read the shape.
    QString compact = text.toLower();
    compact.remove(QRegularExpression(QStringLiteral("[ \\t]")));
    static const QRegularExpression limit(QStringLiteral(R"(^limit\((.*),(\d+)\)$)"));
    const QRegularExpressionMatch match = limit.match(compact);
    if (!match.hasMatch())
        return simpleFromText(compact);
    auto spec = simpleFromText(match.captured(1));
    if (!spec)
        return std::nullopt;
    bool ok = false;
    const int retries = match.captured(2).toInt(&ok);
    if (!ok)
        return std::nullopt;
    spec->inner = spec->kind;
    spec->kind = Kind::limit;
    spec->maxRetries = retries;
    return spec;
}

QString StrategySpec::keyword(Kind kind)
{
    return keywords().at(static_cast<int>(kind));
}

QStringList StrategySpec::keywords()
{
    return {QStringLiteral("none"),        QStringLiteral("linear"),
            QStringLiteral("exponential"), QStringLiteral("limit"),
            QStringLiteral("fulljitter"),  QStringLiteral("equaljitter"),
            QStringLiteral("decorrelated")};
}

bool StrategySpec::isJitter(Kind kind)
{
    return kind == Kind::fullJitter || kind == Kind::equalJitter || kind == Kind::decorrelated;
}

int StrategySpec::durationCount(Kind kind)
{
    switch (kind) {
    case Kind::none:
    case Kind::limit:
        return 0;
    case Kind::linear:
        return 1;
    case Kind::exponential:
    case Kind::fullJitter:
    case Kind::equalJitter:
    case Kind::decorrelated:
        return 2;
    }
    return 0;
}
