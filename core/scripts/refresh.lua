-- refresh.lua: extends a lock that is still ours.
--   KEYS     the lock keys
--   ARGV[1]  the lock's full value: token .. metadata
--   ARGV[2]  the new time to live in milliseconds
-- Returns 1 when every key held exactly the value and got the new ttl; false, touching
-- nothing, when any key is gone or holds something else.
for _, key in ipairs(KEYS) do
  if redis.pcall("get", key) ~= ARGV[1] then
    return false
  end
end
for _, key in ipairs(KEYS) do
  redis.call("pexpire", key, ARGV[2])
end
return 1
