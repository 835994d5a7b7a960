// Reads and writes pipeline-file durations ("1h30m", "250ms", "-5s"): integer+unit parts
// summed in any order, exact in int64 nanoseconds (SPEC §2, §8 rule 9).
#include "time/duration.hpp"

#include <charconv>
#include <cstdint>

namespace eddy {
namespace {

struct Unit {
    std::string_view name;
    uint64_t ns;
};

// Largest first: format_duration walks this order.
constexpr Unit kUnits[] = {
    {"d", 86'400'000'000'000ULL}, {"h", 3'600'000'000'000ULL}, {"m", 60'000'000'000ULL},
    {"s", 1'000'000'000ULL},      {"ms", 1'000'000ULL},        {"us", 1'000ULL},
    {"ns", 1ULL},
};

constexpr std::string_view kUnitList = "ns, us, ms, s, m, h, d";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

Error error_at(std::string message, size_t index) {
    return Error{std::move(message), 0, static_cast<int>(index) + 1};
}

Error too_long_at(size_t index) {
    return error_at("duration is too long (the limit is about 292 years)", index);
}

}  // namespace

Result<Duration> parse_duration(std::string_view text) {
    if (text.empty()) return error_at("empty duration (write e.g. \"30s\" or \"1h30m\")", 0);
    size_t i = 0;
    const bool negative = text[0] == '-';
    if (negative) {
        i = 1;
        if (i == text.size()) return error_at("a duration must follow '-'", 0);
    }
    // The magnitude of a negative duration may reach 2^63 (INT64_MIN).
    const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
    uint64_t total = 0;
    while (i < text.size()) {
        const size_t number_start = i;
        if (!is_digit(text[i])) {
            return error_at("expected a number, found '" + std::string(1, text[i]) + "'", i);
        }
        uint64_t value = 0;
        bool too_long = false;
        for (; i < text.size() && is_digit(text[i]); ++i) {
            const auto digit = static_cast<uint64_t>(text[i] - '0');
            if (value > (limit - digit) / 10) too_long = true;
            else value = value * 10 + digit;
        }
        if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
            return error_at("a duration has no fractions (write \"1h30m\", not \"1.5h\")", i);
        }
        const size_t unit_start = i;
        while (i < text.size() && is_letter(text[i])) ++i;
        const std::string_view unit_text = text.substr(unit_start, i - unit_start);
        if (unit_text.empty()) {
            return error_at("a number needs a unit (" + std::string(kUnitList) + ")", number_start);
        }
        const Unit* unit = nullptr;
        for (const Unit& u : kUnits)
            if (u.name == unit_text) unit = &u;
        if (unit == nullptr) {
            return error_at("unknown unit '" + std::string(unit_text) + "' (units: " + std::string(kUnitList) + ")",
                            unit_start);
        }
        if (too_long) return too_long_at(number_start);
        uint64_t part = 0;
        if (__builtin_mul_overflow(value, unit->ns, &part) || part > limit - total) return too_long_at(number_start);
        total += part;
    }
    if (negative) return Duration(static_cast<int64_t>(0 - total));  // two's complement: 2^63 -> INT64_MIN
    return Duration(static_cast<int64_t>(total));
}

std::string format_duration(Duration d) {
    if (d.is_zero()) return "0s";
    std::string out;
    uint64_t rest = static_cast<uint64_t>(d.ns());
    if (d.ns() < 0) {
        out += '-';
        rest = 0 - rest;
    }
    // Largest units first, zero parts left out: the canonical form ("1500ms" -> "1s500ms").
    for (const Unit& u : kUnits) {
        const uint64_t count = rest / u.ns;
        if (count == 0) continue;
        rest -= count * u.ns;
        char buf[24];
        const auto res = std::to_chars(buf, buf + sizeof buf, count);
        out.append(buf, res.ptr);
        out.append(u.name);
    }
    return out;
}

}  // namespace eddy
