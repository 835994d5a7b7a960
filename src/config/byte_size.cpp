// Sizes such as "4GiB" for [state] max_size: binary units only, so that what eddy check
// prints reads back to the same number of bytes.
#include "config/byte_size.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace eddy {

namespace {
// Largest first, for format_byte_size.
constexpr std::array<std::pair<std::string_view, int>, 5> kUnits{{
    {"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0},
}};
}  // namespace

std::optional<uint64_t> parse_byte_size(std::string_view text) {
    size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0) return std::nullopt;
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + digits, n);
    if (ec != std::errc() || end != text.data() + digits) return std::nullopt;
    std::string_view unit = text.substr(digits);
    for (auto [name, shift] : kUnits) {
        if (unit != name) continue;
        if (shift > 0 && n > (UINT64_MAX >> shift)) return std::nullopt;
        return n << shift;
    }
    return std::nullopt;
}

std::string format_byte_size(uint64_t bytes) {
    for (auto [name, shift] : kUnits) {
        uint64_t unit = uint64_t{1} << shift;
        if (bytes != 0 && bytes % unit == 0) return std::to_string(bytes / unit) + std::string(name);
    }
    return std::to_string(bytes) + "B";
}

}  // namespace eddy
