#include "arguments.h"

Arguments::Arguments(int argc, char **argv, const std::set<std::string, std::less<>> &flags)
{
    bool onlyPositionals = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (onlyPositionals || !argument.starts_with("--") || argument == "--") {
            if (argument == "--" && !onlyPositionals) {
                onlyPositionals = true;
                continue;
            }
            if (command_.empty())
                command_ = argument;
            else
                positionals_.emplace_back(argument);
            continue;
        }
        std::string name(argument.substr(2));
        std::string value;
        bool hasValue = false;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
            hasValue = true;
        }
        if (flags.contains(name)) {
            if (hasValue) {
                error_ = "--" + name + " takes no value";
                return;
            }
            options_.emplace(name, "");
            continue;
        }
        if (!hasValue) {
            if (i + 1 >= argc) {
                error_ = "--" + name + " needs a value";
                return;
            }
            value = argv[++i];
        }
        options_.emplace(std::move(name), std::move(value));
    }
}

bool Arguments::flag(std::string_view name) const
{
    return options_.contains(name);
}

std::optional<std::string> Arguments::value(std::string_view name) const
{
    // The last occurrence wins, as with most command lines.
    const auto [first, last] = options_.equal_range(name);
    if (first == last)
        return std::nullopt;
    return std::prev(last)->second;
}

std::vector<std::string> Arguments::values(std::string_view name) const
{
    std::vector<std::string> result;
    const auto [first, last] = options_.equal_range(name);
    for (auto it = first; it != last; ++it)
        result.push_back(it->second);
    return result;
}

std::optional<std::string>
Arguments::unknownOption(const std::set<std::string, std::less<>> &known) const
{
    for (const auto &[name, value] : options_) {
        if (!known.contains(name))
            return name;
    }
    return std::nullopt;
}
