#pragma once

#include <redislock/lockhistory.h>

#include <QCoreApplication>
#include <QString>

// The words the inspector shows for a lock's history: its events and anomalies, translated,
// and its moments. The core names them in English for scripts (eventName, anomalyName); these
// are what an operator reads in the timeline, its tool tips and the anomaly list.
class HistoryText
{
    Q_DECLARE_TR_FUNCTIONS(HistoryText)

public:
    [[nodiscard]] static QString eventName(redislock::LockEventKind kind);
    [[nodiscard]] static QString anomalyName(redislock::AnomalyKind kind);
    // What the anomaly means for the operator, in a sentence.
    [[nodiscard]] static QString anomalyMeaning(redislock::AnomalyKind kind);
    // The anomaly's figures in a line ("refreshed with 140 ms of 1000 ms left"): the core's
    // Anomaly::detail in the operator's language.
    [[nodiscard]] static QString anomalyDetail(const redislock::Anomaly &anomaly);
    // A duration as the anomalies give it: "140 ms" below 10 s, "42 s" below 2 min, then
    // "12 min 5 s".
    [[nodiscard]] static QString duration(qint64 ms);
    // The core's name of the kind ("late-refresh"), as the filter's anomaly:NAME takes it.
    [[nodiscard]] static QString anomalyId(redislock::AnomalyKind kind);
    // The local wall time of a moment, "10:42:07.123".
    [[nodiscard]] static QString clock(const redislock::HistoryTime &at);
    // The same as an ISO 8601 UTC time with milliseconds, for files.
    [[nodiscard]] static QString isoTime(const redislock::HistoryTime &at);
    // A holder's token as shown: escaped where it is not printable, elided past `maxChars`.
    [[nodiscard]] static QString holder(const std::string &token, int maxChars = 40);
};
