#include "randomtoken.h"

#include <redislock/options.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <span>
#include <sys/mman.h>

namespace redislock::detail {
namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t tokenBytes = 16;
constexpr std::size_t tokenLength = defaultTokenLength;

// Random bytes drawn from OpenSSL a page at a time, per thread. One RAND_bytes call per token
// cost about as many instructions as the rest of an obtain, plus a getpid() system call for
// OpenSSL's own fork check; a refill costs about the same as one call and serves 255 tokens.
//
// A forked child must never hand out its parent's bytes: both would make the same tokens. The
// page is marked MADV_WIPEONFORK, so the kernel gives every child a zeroed page, whose count of
// bytes left is then 0 and the child draws its own, however it was forked (fork(), _Fork(),
// clone()). Where the kernel cannot do that (Linux < 4.14) there is no reserve.
class Reserve
{
public:
    Reserve()
    {
        void *page = ::mmap(nullptr, sizeof(Page), PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED)
            return;
        if (::madvise(page, sizeof(Page), MADV_WIPEONFORK) != 0) {
            ::munmap(page, sizeof(Page));
            return;
        }
        page_ = static_cast<Page *>(page);
    }
    Reserve(const Reserve &) = delete;
    Reserve &operator=(const Reserve &) = delete;
    ~Reserve()
    {
        if (page_) {
            OPENSSL_cleanse(page_, sizeof(Page));
            ::munmap(page_, sizeof(Page));
        }
    }

    // Fills `out` with fresh random bytes; false when the generator failed.
    bool take(std::span<unsigned char, tokenBytes> out)
    {
        if (!page_)
            return RAND_bytes(out.data(), static_cast<int>(out.size())) == 1;
        if (page_->left < out.size()) {
            if (RAND_bytes(page_->bytes, static_cast<int>(sizeof page_->bytes)) != 1)
                return false;
            page_->left = sizeof page_->bytes;
        }
        unsigned char *from = page_->bytes + (page_->left - out.size());
        std::memcpy(out.data(), from, out.size());
        OPENSSL_cleanse(from, out.size()); // a byte is handed out once, and not kept
        page_->left -= out.size();
        return true;
    }

private:
    struct Page
    {
        std::size_t left; // 0 in a fresh page and in a forked child's copy
        unsigned char bytes[4096 - sizeof(std::size_t)];
    };
    static_assert(sizeof(Page) == 4096);
    Page *page_ = nullptr;
};

} // namespace

std::expected<std::string, Error> randomToken()
{
    thread_local Reserve reserve;
    std::array<unsigned char, tokenBytes> bytes{};
    if (!reserve.take(bytes))
        return std::unexpected(
            Error(Errc::invalidArgument, "the system's random generator failed to make a token"));
    std::string token;
    token.reserve(tokenLength);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        token += alphabet[(group >> 18) & 63];
        token += alphabet[(group >> 12) & 63];
        token += alphabet[(group >> 6) & 63];
        token += alphabet[group & 63];
    }
    // 16 = 5 * 3 + 1: one byte left, two characters without padding.
    const unsigned last = bytes[i] << 16;
    token += alphabet[(last >> 18) & 63];
    token += alphabet[(last >> 12) & 63];
    return token;
}

namespace {

// A table lookup per character: a listing classifies every value it reads.
// 0: not base64url, 1: base64url, 2: also a lower-case hex digit.
constexpr auto kinds = [] {
    std::array<unsigned char, 256> table{};
    for (char c : alphabet)
        table[static_cast<unsigned char>(c)] =
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ? 2 : 1;
    return table;
}();

} // namespace

bool isBase64Url(std::string_view text) noexcept
{
    for (char c : text)
        if (kinds[static_cast<unsigned char>(c)] == 0)
            return false;
    return true;
}

bool looksLikeDefaultToken(std::string_view text) noexcept
{
    if (text.size() < tokenLength)
        return false;
    bool onlyHex = true;
    for (char c : text.substr(0, tokenLength)) {
        const unsigned char kind = kinds[static_cast<unsigned char>(c)];
        if (kind == 0)
            return false;
        onlyHex = onlyHex && kind == 2;
    }
    // 22 random base64url characters are all lower-case hex digits with a probability of
    // (22/64)^22, about 6e-11; hex-only heads are other clients' tokens (redis-py's 32 hex
    // digits, UUIDs) or numbers, not ours.
    return !onlyHex;
}

} // namespace redislock::detail

namespace redislock {

ReobtainRule toolReobtainRule(std::string_view token, std::size_t customTokenLength) noexcept
{
    if (token.empty())
        return ReobtainRule::tokenPrefix; // a fresh random token: no one else's is its prefix
    if (token.size() == detail::defaultTokenLength && detail::isBase64Url(token))
        return ReobtainRule::tokenPrefix;
    if (customTokenLength != 0 && token.size() == customTokenLength)
        return ReobtainRule::tokenPrefix;
    return ReobtainRule::never;
}

} // namespace redislock
