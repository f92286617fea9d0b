#pragma once

#include "locks/locktimeline.h"
#include "session/holdersummary.h"

#include <redislock/lockrecord.h>

#include <QCoreApplication>
#include <QString>

#include <vector>

// The words and figures the locks view shows for a lock's time: TTLs, "seen for", states and
// their tooltips, in one place for the table and the detail pane. The texts keep the
// translation context of the table they were written for.
class LockText
{
    Q_DECLARE_TR_FUNCTIONS(LockTableModel)

public:
    // "12.3 s", "9 m 45 s", "1 h 58 m", "3 d 00 h"; empty for a negative time.
    [[nodiscard]] static QString ttl(qint64 ms);
    // Whole seconds below a minute ("2 s"), then as ttl().
    [[nodiscard]] static QString age(qint64 ms);
    [[nodiscard]] static QString formatName(redislock::LockFormat format);
    // Why a key was read as its format (the core's evidence clauses), in the operator's
    // language, clauses joined as the core joins its English line.
    [[nodiscard]] static QString evidence(const std::vector<redislock::EvidenceClause> &clauses);
    // Who holds the lock, in a line: the core's holder line ("client 2f3a…, thread 57 ×2",
    // "node …, since …", "host …, since …", "id …") in the operator's language.
    [[nodiscard]] static QString holder(const HolderSummary &holder);
    // Everything the bytes reveal about the holders, "name: value" a line (each holder's
    // under "#1", "#2", indented), in the operator's language: a known field by its label,
    // an unknown one by its own name; values as read, but for the few the core words itself.
    [[nodiscard]] static QString holderDetails(const HolderFacts &facts);
    // A holder fact's name ("client_id", "acquired_at", ...) as a label; an unknown one as it is.
    [[nodiscard]] static QString holderField(std::string_view name);
    // An auxiliary key's kind (redislock::auxKindName's name) in words: "fence counter",
    // "Redisson fair-lock queue", ...; an unknown name as it is.
    [[nodiscard]] static QString auxKind(const QString &kind);

    // The TTL cell: the time left, "∞ no expiry", or why it left.
    [[nodiscard]] static QString ttlCell(const LockTimeline &timeline, qint64 nowMs);
    // What the TTL cell cannot say: a stuck lock, or a lease that is only a lower bound.
    [[nodiscard]] static QString ttlToolTip(const LockTimeline &timeline, bool stuck, qint64 nowMs);
    // How fresh a polled TTL is: "Last read from the server 45 s ago; TTLs are re-read every
    // ~20 s, …".
    [[nodiscard]] static QString lastReadNote(qint64 sinceReadMs, qint64 cycleMs);
    // Whether "seen for" is the lock's age.
    [[nodiscard]] static QString seenForToolTip(const LockTimeline &timeline, qint64 nowMs);
};
