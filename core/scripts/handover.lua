-- handover.lua: releases a lock and gives it, in the same step, to the next waiter of the
-- releasing Client, so that the lock is never free in between and the waiter needs no round
-- trip of its own to take it.
--   KEYS[1..n]  the lock keys (the releasing lock's and the waiter's: the same keys)
--   KEYS[n+1]   optional: the waiter's fence counter key
--   ARGV[1]     the releasing lock's value: token .. metadata
--   ARGV[2]     the waiter's value: token .. metadata
--   ARGV[3]     the waiter's time to live in milliseconds
--   ARGV[4]     n, the number of lock keys
-- Returns false, touching nothing, when any key is gone or holds something other than ARGV[1]
-- (the release fails, as release.lua's would). Otherwise every key gets the waiter's value and
-- ttl, as obtain.lua would have set them had the key been deleted first, and the script returns
-- the waiter's fence token: the counter incremented (a new acquisition), or 0 without a fence key.
local lockKeys = tonumber(ARGV[4])
for i = 1, lockKeys do
  if redis.pcall("get", KEYS[i]) ~= ARGV[1] then
    return false
  end
end
-- The fence first: an INCR that fails (a counter that is not a number) leaves everything as it was.
local fence = 0
local fenceKey = KEYS[lockKeys + 1]
if fenceKey then
  fence = redis.call("incr", fenceKey)
end
for i = 1, lockKeys do
  redis.call("set", KEYS[i], ARGV[2], "px", ARGV[3])
end
return fence
