#include "clientcore.h"

#include <redislock/lockscripts.h>

namespace redislock {

using detail::ClientCore;

namespace {

const detail::Script &scriptOf(LockScript script) noexcept
{
    switch (script) {
    case LockScript::obtain:
        return ClientCore::obtainScript();
    case LockScript::refresh:
        return ClientCore::refreshScript();
    case LockScript::release:
        return ClientCore::releaseScript();
    case LockScript::forceRelease:
        return ClientCore::forceReleaseScript();
    case LockScript::pttl:
        break;
    }
    return ClientCore::pttlScript();
}

} // namespace

std::string_view scriptSource(LockScript script) noexcept
{
    return scriptOf(script).source();
}

std::string_view scriptSha1(LockScript script) noexcept
{
    return scriptOf(script).sha1();
}

} // namespace redislock
