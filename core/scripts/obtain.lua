-- obtain.lua: takes, or re-takes, a lock over several keys at once.
--   KEYS[1..n]  the lock keys
--   KEYS[n+1]   optional: the fence counter key
--   ARGV[1]     the value to store: token .. metadata
--   ARGV[2]     the token's length in bytes
--   ARGV[3]     the time to live in milliseconds
--   ARGV[4]     n, the number of lock keys
--   ARGV[5]     optional: the re-obtain rule, "prefix" (the default, the Go library's: a key
--               whose value starts with the token is re-taken) or "never" (only keys that do
--               not exist are taken: a pure create-if-absent)
-- Returns false when any existing key holds another token (or is not a string), or exists at
-- all under "never". Otherwise
-- every key gets the value and the ttl, and the script returns the fence token: 0 without a
-- fence key; the counter incremented on a new acquisition; the counter as it is when the
-- holder re-obtains (so a holder's re-obtain never mints a new one).
local value = ARGV[1]
local tokenLength = tonumber(ARGV[2])
local ttl = ARGV[3]
local lockKeys = tonumber(ARGV[4])
local never = ARGV[5] == "never"
local token = string.sub(value, 1, tokenLength)

local held = false
for i = 1, lockKeys do
  -- pcall: a key of another type is an error reply (a table), which is simply not ours.
  local current = redis.pcall("get", KEYS[i])
  if current then
    if never or type(current) ~= "string" or string.sub(current, 1, tokenLength) ~= token then
      return false
    end
    held = true
  end
end

for i = 1, lockKeys do
  redis.call("set", KEYS[i], value, "px", ttl)
end

local fenceKey = KEYS[lockKeys + 1]
if not fenceKey then
  return 0
end
if held then
  local current = redis.call("get", fenceKey)
  if current then
    return tonumber(current)
  end
end
return redis.call("incr", fenceKey)
