-- release.lua: deletes a lock that is still ours.
--   KEYS     the lock keys
--   ARGV[1]  the lock's full value: token .. metadata
-- Returns the number of keys deleted when every key held exactly the value; false, touching
-- nothing, when any key is gone or holds something else.
for _, key in ipairs(KEYS) do
  if redis.pcall("get", key) ~= ARGV[1] then
    return false
  end
end
local deleted = 0
for _, key in ipairs(KEYS) do
  deleted = deleted + redis.call("del", key)
end
return deleted
