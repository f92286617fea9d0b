#pragma once

#include <redislock/client.h>
#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/lockrecord.h>

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace redislock {

// An operator's force-release of a lock someone else holds, in whatever format it is: a
// compare-and-delete against exactly what the operator was shown (the record as listed), run
// as one script (core/scripts/forcerelease.lua), so that a lock that changed hands meanwhile
// is left alone.
// - A string lock (any string format, raw too) is deleted while it holds the value shown; for
//   python-redis-lock its signal list then gets what that library's release pushes, so that
//   waiters blocked on it wake at once.
// - A Redisson hash loses the one holder `holderField` names ("<uuid>:<thread>", or with
//   ":write"; empty: the only holder) while the hash holds exactly the fields shown; the hash
//   goes when no holder is left, and a reader's rwlock_timeout keys go with it. When the hash
//   goes, the message Redisson's own unlock publishes (redissonUnlockMessage) is published,
//   so that Redisson's waiters try to lock at once rather than when their wait times out.

// The command that does it, argv as sent (EVAL <script> <numkeys> <keys...> <args...>), for
// showing before it runs. Errc::invalidArgument when the record cannot be released this way:
// a value or hash that was read only in part, a hash that is not Redisson's, a holder that is
// not in it, or several holders and none named.
[[nodiscard]] std::expected<std::vector<std::string>, Error>
forceReleaseCommand(const LockRecord &shown, std::string_view holderField = {});

// Sends it. True when the lock (or the holder) was removed; false when the key no longer holds
// what was shown, and nothing was changed.
[[nodiscard]] std::expected<bool, Error> forceRelease(const Client &client, const LockRecord &shown,
                                                      std::string_view holderField = {},
                                                      const Context &context = {});

// What Redisson's unlock publishes when a lock's last holder goes: the channel its waiters
// subscribe to and the payload. Empty for any other format. (An RFairLock's waiters listen on
// channels of their own, named after the first thread in its queue, and are not told.)
struct RedissonUnlockMessage
{
    std::string channel;
    std::string payload;
};
[[nodiscard]] RedissonUnlockMessage redissonUnlockMessage(const LockRecord &shown,
                                                          std::string_view holderField);

// The hash field of a Redisson holder as listed in LockRecord::holders.
[[nodiscard]] std::string redissonField(const HolderFields &holder);

} // namespace redislock
