-- pttl.lua: the remaining time to live of a lock that is still ours.
--   KEYS     the lock keys
--   ARGV[1]  the lock's full value: token .. metadata
-- Returns the smallest positive PTTL in milliseconds among the keys; 0 when any key is gone
-- or holds something else, or when no key has a positive expiry.
local least = 0
for _, key in ipairs(KEYS) do
  if redis.pcall("get", key) ~= ARGV[1] then
    return 0
  end
  local remaining = redis.call("pttl", key)
  if remaining > 0 and (least == 0 or remaining < least) then
    least = remaining
  end
end
return least
