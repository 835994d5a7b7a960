// Window bounds as JSON values (SPEC §8 rule 25): RFC 3339 UTC with milliseconds or epoch
// integers, floored toward the past also before 1970.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "time/time_output.hpp"

using namespace eddy;

namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kBase = 1'714'557'600 * kSecond;  // 2024-05-01T10:00:00Z, see time_parser_test

std::string bound(int64_t ns, OutputTimeFormat f) {
    std::string out;
    append_time_bound(out, EventTime(ns), f);
    return out;
}

std::string rfc(int64_t ns) { return bound(ns, OutputTimeFormat::rfc3339); }

}  // namespace

TEST_CASE("rfc3339 bounds: quoted, UTC, exactly three fraction digits") {
    CHECK(rfc(kBase) == "\"2024-05-01T10:00:00.000Z\"");
    CHECK(rfc(0) == "\"1970-01-01T00:00:00.000Z\"");
    CHECK(rfc(kBase + 123'456'789) == "\"2024-05-01T10:00:00.123Z\"");  // floored, not rounded
    CHECK(rfc(kBase + 999'999'999) == "\"2024-05-01T10:00:00.999Z\"");
    CHECK(rfc(kBase + 7 * kSecond + 5'000'000) == "\"2024-05-01T10:00:07.005Z\"");
    CHECK(rfc(kBase + (13 * 3600 + 59 * 60 + 59) * kSecond) == "\"2024-05-01T23:59:59.000Z\"");
    CHECK(rfc(1'709'164'800 * kSecond) == "\"2024-02-29T00:00:00.000Z\"");  // day 19782, see parser test
    CHECK(rfc(951'782'400 * kSecond) == "\"2000-02-29T00:00:00.000Z\"");
    CHECK(rfc(1'709'164'800 * kSecond + 86'400 * kSecond) == "\"2024-03-01T00:00:00.000Z\"");
}

TEST_CASE("rfc3339 bounds floor toward the past before 1970") {
    CHECK(rfc(-1) == "\"1969-12-31T23:59:59.999Z\"");
    CHECK(rfc(-1'000'000) == "\"1969-12-31T23:59:59.999Z\"");
    CHECK(rfc(-1'000'001) == "\"1969-12-31T23:59:59.998Z\"");
    CHECK(rfc(-86'400 * kSecond) == "\"1969-12-31T00:00:00.000Z\"");
    // 1700-01-01 is day -(270*365 + 65 leap days 1704..1968 less 1800, 1900) = -98615;
    // March 1 is 59 days later: -98556 * 86400 = -8 515 238 400 s.
    CHECK(rfc(-8'515'238'400 * kSecond) == "\"1700-03-01T00:00:00.000Z\"");
    CHECK(rfc(-8'515'238'400 * kSecond - 1) == "\"1700-02-28T23:59:59.999Z\"");  // 1700 is no leap year
}

TEST_CASE("rfc3339 bounds at the ends of int64") {
    constexpr int64_t max = std::numeric_limits<int64_t>::max();
    constexpr int64_t min = std::numeric_limits<int64_t>::min();
    // See time_parser_test for the derivation of both dates.
    CHECK(rfc(max - 1) == "\"2262-04-11T23:47:16.854Z\"");
    // -9 223 372 036 854 775 807 ns floors to -9 223 372 036 855 ms = -9 223 372 037 s + 145 ms.
    CHECK(rfc(min + 1) == "\"1677-09-21T00:12:43.145Z\"");
}

TEST_CASE("epoch bounds are integers floored to the unit") {
    CHECK(bound(kBase, OutputTimeFormat::epoch_s) == "1714557600");
    CHECK(bound(kBase + 999'999'999, OutputTimeFormat::epoch_s) == "1714557600");
    CHECK(bound(-1, OutputTimeFormat::epoch_s) == "-1");
    CHECK(bound(-kSecond, OutputTimeFormat::epoch_s) == "-1");
    CHECK(bound(-kSecond - 1, OutputTimeFormat::epoch_s) == "-2");
    CHECK(bound(0, OutputTimeFormat::epoch_s) == "0");
    CHECK(bound(kBase + 123'456'789, OutputTimeFormat::epoch_ms) == "1714557600123");
    CHECK(bound(-1'500'000, OutputTimeFormat::epoch_ms) == "-2");  // -1.5 ms
    CHECK(bound(-1, OutputTimeFormat::epoch_ms) == "-1");
    CHECK(bound(kBase + 123'456'789, OutputTimeFormat::epoch_us) == "1714557600123456");
    CHECK(bound(-1'999, OutputTimeFormat::epoch_us) == "-2");
    CHECK(bound(1'999, OutputTimeFormat::epoch_us) == "1");
    CHECK(bound(kBase + 123'456'789, OutputTimeFormat::epoch_ns) == "1714557600123456789");
    CHECK(bound(-1, OutputTimeFormat::epoch_ns) == "-1");
    CHECK(bound(std::numeric_limits<int64_t>::max(), OutputTimeFormat::epoch_ns) == "9223372036854775807");
    CHECK(bound(std::numeric_limits<int64_t>::min(), OutputTimeFormat::epoch_ns) == "-9223372036854775808");
    CHECK(bound(std::numeric_limits<int64_t>::min(), OutputTimeFormat::epoch_s) == "-9223372037");
}

TEST_CASE("append_time_bound appends to what is already there") {
    std::string out = "{\"window_start\":";
    append_time_bound(out, EventTime(kBase), OutputTimeFormat::rfc3339);
    out += ",\"window_end\":";
    append_time_bound(out, EventTime(kBase + 60 * kSecond), OutputTimeFormat::epoch_ms);
    CHECK(out == "{\"window_start\":\"2024-05-01T10:00:00.000Z\",\"window_end\":1714557660000");
}
