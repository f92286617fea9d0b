#pragma once

#include <string>
#include <string_view>

namespace lockscope::test {

// A key that no other test, data row or run uses:
// "test:<test function>[:<data tag>][:<label>]:<counter>:<random>". Tests share one server per
// suite, so every test works on keys of its own and never depends on what an earlier one left.
[[nodiscard]] std::string uniqueKey(std::string_view label = {});

} // namespace lockscope::test
