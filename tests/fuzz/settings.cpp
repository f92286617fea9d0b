// The app.ini loader (Cosy's [redis] section), through parseSettings, which loadSettings feeds
// with the file's text. Properties: deterministic; errors name the file; a loaded DB is 0 or
// above; the settings written back as an app.ini load to the same settings; what is loaded
// makes connection options or an error that does not depend on the password.

#include "fuzzcheck.h"

#include <cosy/redis/settings.h>
#include <redislock/connectionoptions.h>

#include <cstdint>
#include <string>

namespace {

std::string summary(const cosy::redis::Settings &s)
{
    return "addr=" + s.addr + " password=" + s.password + " db=" + std::to_string(s.db) +
           " prefix=" + s.prefix;
}

// A value in backquotes keeps everything up to the last backquote: any text without a newline.
std::string quoted(const std::string &value)
{
    return "`" + value + "`";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto settings = cosy::redis::parseSettings(text, "fuzz/app.ini");
    const auto again = cosy::redis::parseSettings(text, "fuzz/app.ini");
    FUZZ_CHECK(settings.has_value() == again.has_value(), "text", text);
    if (!settings) {
        const std::string &message = settings.error().message();
        FUZZ_CHECK(message == again.error().message(), "text", text);
        FUZZ_CHECK(message.starts_with("fuzz/app.ini"), "text", text, "message", message);
        return 0;
    }
    FUZZ_CHECK(summary(*settings) == summary(*again), "text", text);
    FUZZ_CHECK(settings->db >= 0, "text", text);
    for (const std::string *value : {&settings->addr, &settings->password, &settings->prefix})
        FUZZ_CHECK(value->find('\n') == std::string::npos, "text", text, "value", *value);

    const std::string written =
        "[redis]\nAddr = " + quoted(settings->addr) + "\nPassword = " + quoted(settings->password) +
        "\nDB = " + std::to_string(settings->db) + "\nPrefix = " + quoted(settings->prefix) + "\n";
    const auto reread = cosy::redis::parseSettings(written, "fuzz/written.ini");
    FUZZ_CHECK(reread.has_value(), "text", text, "written", written, "error",
               reread ? std::string() : reread.error().message());
    // Empty entries keep their defaults, so an empty password or prefix reads back empty.
    FUZZ_CHECK(summary(*reread) == summary(*settings), "text", text, "written", written, "loaded",
               summary(*settings), "reloaded", summary(*reread));

    const auto options =
        redislock::ConnectionOptions::fromAddress(settings->addr, settings->password, settings->db);
    if (options) {
        FUZZ_CHECK(settings->password.empty() || options->password == settings->password, "text",
                   text);
        FUZZ_CHECK(settings->db == 0 || options->db == settings->db, "text", text);
    } else {
        // The password given beside the address never shows in the error: without it, the
        // error reads the same.
        const auto without =
            redislock::ConnectionOptions::fromAddress(settings->addr, {}, settings->db);
        FUZZ_CHECK(!without && without.error().message() == options.error().message(), "text", text,
                   "message", options.error().message());
    }
    return 0;
}
