-- forcerelease.lua: an operator's release of someone else's lock, in any recognised format:
-- a compare-and-delete against exactly what the operator was shown.
--   ARGV[1]  "string" or "hash": how the lock is stored
-- For a string lock (redislock, redsync, node-redlock, redis-py, python-redis-lock, ...):
--   KEYS[1]  the lock key
--   KEYS[2]  optional: python-redis-lock's signal list "lock-signal:NAME"
--   ARGV[2]  the value shown
--   ARGV[3]  with KEYS[2]: the signal list's expiry in milliseconds
--   The key is deleted only while it holds exactly that value. With a signal list, it is then
--   done what python-redis-lock's own release does, so that blocked waiters wake at once: the
--   list is replaced by one element, which expires if no waiter takes it.
-- For a Redisson hash (RLock, RFencedLock, RFairLock, RReadWriteLock):
--   KEYS[1]      the lock's hash
--   KEYS[2..n]   optional: keys that belong to the holder and go with it (a Redisson reader's
--                "{NAME}:<uuid>:<thread>:rwlock_timeout:<i>" keys)
--   ARGV[2]      the holder's field ("<uuid>:<thread>" or "<uuid>:<thread>:write")
--   ARGV[3]      the channel Redisson's waiters listen on ("" for none)
--   ARGV[4]      the message Redisson's own unlock publishes there
--   ARGV[5..]    the whole hash as shown: field, value, field, value, ...
--   The field is removed only while the hash holds exactly the fields and values shown. When
--   no holder is left the hash is deleted (only "mode" would remain) and the message is
--   published, as Redisson's unlock does, so that its waiters try at once instead of at their
--   lease's end; when the writer of a read-write lock goes and readers stay, the mode becomes
--   "read" (and nothing is published), as Redisson's unlock does.
-- Returns 1 when the lock (or the holder) was removed; false, touching nothing, otherwise.
if ARGV[1] == "string" then
  if redis.pcall("get", KEYS[1]) ~= ARGV[2] then
    return false
  end
  redis.call("del", KEYS[1])
  if KEYS[2] then
    redis.call("del", KEYS[2])
    redis.call("lpush", KEYS[2], 1)
    redis.call("pexpire", KEYS[2], ARGV[3])
  end
  return 1
end

if ARGV[1] ~= "hash" then
  return redis.error_reply("forcerelease.lua: ARGV[1] must be string or hash")
end
local shown = (#ARGV - 4) / 2
local length = redis.pcall("hlen", KEYS[1])
if type(length) ~= "number" or length ~= shown then
  return false
end
local present = false
for i = 5, #ARGV, 2 do
  if redis.call("hget", KEYS[1], ARGV[i]) ~= ARGV[i + 1] then
    return false
  end
  if ARGV[i] == ARGV[2] then
    present = true
  end
end
if not present then
  return false
end
redis.call("hdel", KEYS[1], ARGV[2])
for i = 2, #KEYS do
  redis.call("del", KEYS[i])
end
local left = redis.call("hlen", KEYS[1])
local mode = redis.call("hget", KEYS[1], "mode")
if left == 0 or (mode and left == 1) then
  redis.call("del", KEYS[1])
  if ARGV[3] ~= "" then
    redis.call("publish", ARGV[3], ARGV[4])
    -- Redisson subscribes with SSUBSCRIBE on a cluster of Redis 7 (sharded Pub/Sub), which a
    -- PUBLISH does not reach; an older server has no SPUBLISH, and the PUBLISH is enough.
    redis.pcall("spublish", ARGV[3], ARGV[4])
  end
elseif mode == "write" and string.sub(ARGV[2], -6) == ":write" then
  redis.call("hset", KEYS[1], "mode", "read")
end
return 1
