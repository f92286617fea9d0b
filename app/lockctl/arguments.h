#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

// lockctl's command line: global options, a command, its positional arguments and options.
// Options are "--name value" or "--name=value"; flags take no value. An option may repeat.
class Arguments
{
public:
    // Parses argv; on a mistake, error() says what is wrong in one line.
    Arguments(int argc, char **argv, const std::set<std::string, std::less<>> &flags);

    [[nodiscard]] const std::string &error() const noexcept { return error_; }
    [[nodiscard]] const std::string &command() const noexcept { return command_; }
    [[nodiscard]] const std::vector<std::string> &positionals() const noexcept
    {
        return positionals_;
    }
    [[nodiscard]] bool flag(std::string_view name) const;
    [[nodiscard]] std::optional<std::string> value(std::string_view name) const;
    [[nodiscard]] std::vector<std::string> values(std::string_view name) const;
    // Options given that are not in `known`; the first is reported as a usage error.
    [[nodiscard]] std::optional<std::string>
    unknownOption(const std::set<std::string, std::less<>> &known) const;

private:
    std::string command_;
    std::vector<std::string> positionals_;
    std::multimap<std::string, std::string, std::less<>> options_;
    std::string error_;
};
