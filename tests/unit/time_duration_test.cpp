// Durations as written in pipeline files (SPEC §2, §8 rule 9): parsing, error positions,
// and the canonical text format_duration gives back.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "time/duration.hpp"

using namespace eddy;

namespace {

constexpr int64_t kSecond = 1'000'000'000;

int64_t ns_of(const char* text) {
    auto r = parse_duration(text);
    REQUIRE_MESSAGE(r.ok(), text, ": ", (r.ok() ? std::string() : r.error().message));
    return r.value().ns();
}

// The 1-based column of the error, or -1 when the text parsed.
int column_of(const char* text) {
    auto r = parse_duration(text);
    if (r.ok()) return -1;
    CHECK(r.error().line == 0);
    return r.error().column;
}

std::string message_of(const char* text) {
    auto r = parse_duration(text);
    return r.ok() ? std::string("<ok>") : r.error().message;
}

}  // namespace

TEST_CASE("parse_duration sums integer+unit parts in any order") {
    CHECK(ns_of("1h30m") == 5400 * kSecond);  // 3600 + 1800
    CHECK(ns_of("30m1h") == 5400 * kSecond);
    CHECK(ns_of("250ms") == 250'000'000);
    CHECK(ns_of("1d") == 86'400 * kSecond);
    CHECK(ns_of("1d2h") == (86'400 + 7'200) * kSecond);
    CHECK(ns_of("1ns") == 1);
    CHECK(ns_of("3us") == 3'000);
    CHECK(ns_of("5s") == 5 * kSecond);
    CHECK(ns_of("0s") == 0);  // zero is the caller's business
    CHECK(ns_of("007s") == 7 * kSecond);
    CHECK(ns_of("1h1h") == 7200 * kSecond);  // parts are summed, repeats included
    // "m" and "ms" are different units: 1 minute + 1 millisecond.
    CHECK(ns_of("1m1ms") == 60 * kSecond + 1'000'000);
    CHECK(ns_of("1s500ms") == 1'500'000'000);
}

TEST_CASE("parse_duration: a leading '-' negates the whole") {
    CHECK(ns_of("-5s") == -5 * kSecond);
    CHECK(ns_of("-1h30m") == -5400 * kSecond);
    CHECK(ns_of("-0s") == 0);
}

TEST_CASE("parse_duration reaches exactly the int64 limits") {
    CHECK(ns_of("9223372036854775807ns") == std::numeric_limits<int64_t>::max());
    CHECK(ns_of("-9223372036854775808ns") == std::numeric_limits<int64_t>::min());
    // 106751 d = 9 223 286 400 s, below INT64_MAX ns = 9 223 372 036.85 s.
    CHECK(ns_of("106751d") == int64_t{106751} * 86'400 * kSecond);
}

TEST_CASE("parse_duration errors name the offending character") {
    CHECK(column_of("") == 1);
    CHECK(message_of("5") == "a number needs a unit (ns, us, ms, s, m, h, d)");
    CHECK(column_of("5") == 1);
    CHECK(message_of("1h30") == "a number needs a unit (ns, us, ms, s, m, h, d)");
    CHECK(column_of("1h30") == 3);  // the "30"
    CHECK(message_of("5x").rfind("unknown unit 'x'", 0) == 0);
    CHECK(column_of("5x") == 2);
    CHECK(message_of("1H").rfind("unknown unit 'H'", 0) == 0);  // units are lowercase
    CHECK(column_of("1H") == 2);
    CHECK(message_of("5s1hour").rfind("unknown unit 'hour'", 0) == 0);
    CHECK(column_of("5s1hour") == 4);
    CHECK(column_of("h") == 1);      // a unit without digits
    CHECK(column_of("1hm") == 2);  // letters run together form one unit
    CHECK(message_of("1hm").rfind("unknown unit 'hm'", 0) == 0);
    CHECK(column_of("1h-5m") == 3);  // '-' only at the very start
    CHECK(column_of("--5s") == 2);
    CHECK(column_of("-") == 1);
    CHECK(column_of("+5s") == 1);
    CHECK(column_of("1h 30m") == 3);
    CHECK(column_of(" 1h") == 1);
    CHECK(column_of("1.5h") == 2);  // no fractions
    CHECK(column_of("1s,5") == 3);
}

TEST_CASE("parse_duration rejects overflow of int64 nanoseconds") {
    // One past INT64_MAX.
    CHECK(column_of("9223372036854775808ns") == 1);
    CHECK(message_of("9223372036854775808ns").find("too long") != std::string::npos);
    // 106752 d = 9 223 372 800 s > 9 223 372 036.85 s.
    CHECK(column_of("106752d") == 1);
    // The digits alone overflow: the third part, at offset 4.
    CHECK(column_of("1m1h99999999999999999999s") == 5);
    // Each part fits, the sum does not: the second part starts at offset 7.
    CHECK(column_of("106751d1d") == 8);
    CHECK(column_of("-9223372036854775809ns") == 2);
}

TEST_CASE("format_duration gives the canonical form, largest units first") {
    CHECK(format_duration(Duration(5400 * kSecond)) == "1h30m");
    CHECK(format_duration(Duration(0)) == "0s");
    CHECK(format_duration(Duration(-5 * kSecond)) == "-5s");
    CHECK(format_duration(Duration((86'400 + 7'200) * kSecond)) == "1d2h");
    CHECK(format_duration(Duration(1'500'000'000)) == "1s500ms");
    CHECK(format_duration(Duration(250'000'000)) == "250ms");
    CHECK(format_duration(Duration(1)) == "1ns");
    CHECK(format_duration(Duration(86'400 * kSecond)) == "1d");
    // 1d 1h 1m 1s 1ms 1us 1ns = 90061 s + 1 001 001 ns.
    CHECK(format_duration(Duration(90'061 * kSecond + 1'001'001)) == "1d1h1m1s1ms1us1ns");
    // 2^63 ns = 9 223 372 036 s 854 775 808 ns; 9 223 372 036 s = 106751 d + 85636 s,
    // 85636 s = 23 h (82800) + 47 m (2820) + 16 s.
    CHECK(format_duration(Duration(std::numeric_limits<int64_t>::min())) == "-106751d23h47m16s854ms775us808ns");
}

TEST_CASE("format_duration output reads back to the same duration") {
    for (int64_t ns : {int64_t{1}, int64_t{-1}, 5400 * kSecond, int64_t{1'500'000'000}, int64_t{123'456'789'012'345},
                       std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}) {
        const std::string text = format_duration(Duration(ns));
        auto back = parse_duration(text);
        REQUIRE(back.ok());
        CHECK(back.value().ns() == ns);
    }
}
