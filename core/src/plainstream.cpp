#include "plainstream.h"

namespace redislock::detail {

std::expected<void, Error> PlainStream::writeAll(std::string_view data, const IoDeadline &deadline)
{
    while (!data.empty()) {
        auto sent = socket_.sendSome(data, deadline);
        if (!sent)
            return std::unexpected(sent.error());
        data.remove_prefix(*sent);
    }
    return {};
}

std::expected<std::size_t, Error> PlainStream::readSome(char *buffer, std::size_t size,
                                                        const IoDeadline &deadline)
{
    return socket_.receiveSome(buffer, size, deadline);
}

} // namespace redislock::detail
