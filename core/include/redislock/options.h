#pragma once

#include <redislock/retrystrategy.h>

#include <string>

namespace redislock {

// Options of obtain and refresh, as redislock.Options in Go.
struct Options
{
    // How to retry when the lock is held by someone else (obtain) or when a transient
    // connection or server error occurs (refresh). Default: no retry.
    RetryStrategy retryStrategy;
    // Stored after the token in the key's value; Lock::metadata() returns it.
    std::string metadata;
    // A custom token; empty means 16 random bytes as unpadded base64url (22 characters).
    std::string token;
    // Opts in to fencing: the counter key from which obtain mints Lock::fenceToken().
    std::string fenceKey;
};

} // namespace redislock
