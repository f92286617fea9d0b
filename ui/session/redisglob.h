#pragma once

#include <QByteArray>
#include <QByteArrayView>

// A SCAN MATCH / KEYS glob, matched the way Redis matches it (stringmatchlen in util.c), so that
// keys heard through keyspace notifications are filtered exactly as a scan would filter them:
// `*` any bytes, `?` one byte, `[abc]`, `[^abc]`, `[a-z]` classes, `\` quotes the next byte.
// Byte-wise and case-sensitive. The matching itself is the core's (redislock::globMatches, shared
// with lockctl watch); this is its Qt face.
class RedisGlob
{
public:
    RedisGlob() = default;
    explicit RedisGlob(QByteArray pattern) : pattern_(std::move(pattern)) {}

    [[nodiscard]] const QByteArray &pattern() const { return pattern_; }
    [[nodiscard]] bool matches(QByteArrayView key) const;

private:
    QByteArray pattern_;
};
