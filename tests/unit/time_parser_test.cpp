// TimeParser: every [source] time_format on good and bad input, auto's magnitude thresholds,
// RFC 3339 edge cases, time zones and DST (SPEC §3, §8 rules 2 and 3).
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "time/time_parser.hpp"

using namespace eddy;

namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// 2024-05-01T10:00:00Z. Days 1970-01-01..2024-01-01: 54 years, 13 leap years (1972..2020),
// 54*365 + 13 = 19723; + Jan 31 + Feb 29 + Mar 31 + Apr 30 = 19844 days;
// 19844 * 86400 = 1 714 521 600 s, + 10 h = 1 714 557 600 s.
constexpr int64_t kBase = 1'714'557'600 * kSecond;

FieldValue text_value(std::string_view s) {
    FieldValue v;
    v.kind = JsonKind::string;
    v.string = s;
    return v;
}

FieldValue integer_value(int64_t i, std::string_view raw) {
    FieldValue v;
    v.kind = JsonKind::integer;
    v.integer = i;
    v.number = static_cast<double>(i);
    v.raw = raw;
    return v;
}

FieldValue floating_value(double d, std::string_view raw) {
    FieldValue v;
    v.kind = JsonKind::floating;
    v.number = d;
    v.raw = raw;
    return v;
}

TimeParser make(TimeFormatKind kind, std::string_view zone = "UTC", std::string pattern = "") {
    auto r = TimeParser::create(TimeFormat{kind, std::move(pattern)}, zone);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
    return std::move(r.value());
}

TimeParser make_strftime(std::string pattern, std::string_view zone = "UTC") {
    return make(TimeFormatKind::strftime, zone, std::move(pattern));
}

int64_t ns_of(const TimeParser& p, const FieldValue& v) {
    auto r = p.parse(v);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
    return r.value().ns();
}

int64_t ns_of(const TimeParser& p, std::string_view s) { return ns_of(p, text_value(s)); }

std::string error_of(const TimeParser& p, const FieldValue& v) {
    auto r = p.parse(v);
    return r.ok() ? "<ok " + std::to_string(r.value().ns()) + ">" : r.error().message;
}

std::string error_of(const TimeParser& p, std::string_view s) { return error_of(p, text_value(s)); }

std::string unparsable(std::string_view s) { return "unparsable time '" + std::string(s) + "'"; }

}  // namespace

TEST_CASE("values that are not times") {
    const TimeParser p = make(TimeFormatKind::auto_detect);
    CHECK(error_of(p, FieldValue{}) == "missing time");
    for (JsonKind k : {JsonKind::null, JsonKind::boolean, JsonKind::array, JsonKind::object}) {
        FieldValue v;
        v.kind = k;
        v.raw = "x";
        CHECK(error_of(p, v) == "time is not a string or number");
    }
}

TEST_CASE("rfc3339: separators, zone designators, fractions") {
    const TimeParser p = make(TimeFormatKind::rfc3339);
    CHECK(ns_of(p, "2024-05-01T10:00:00Z") == kBase);
    CHECK(ns_of(p, "2024-05-01t10:00:00z") == kBase);
    CHECK(ns_of(p, "2024-05-01 10:00:00Z") == kBase);
    CHECK(ns_of(p, "2024-05-01T10:00:00") == kBase);  // no offset: the zone, here UTC
    CHECK(ns_of(p, "2024-05-01T10:00:00.5Z") == kBase + 500'000'000);
    CHECK(ns_of(p, "2024-05-01T10:00:00.000001Z") == kBase + 1'000);
    CHECK(ns_of(p, "2024-05-01T10:00:00.123456789Z") == kBase + 123'456'789);
    // Digits past the 9th are dropped, not rounded.
    CHECK(ns_of(p, "2024-05-01T10:00:00.1234567899Z") == kBase + 123'456'789);
    CHECK(ns_of(p, "2024-05-01T10:00:00.999999999999999999999Z") == kBase + 999'999'999);
    CHECK(ns_of(p, "2024-05-01T12:30:00+02:30") == kBase);
    CHECK(ns_of(p, "2024-05-01T05:00:00-05:00") == kBase);
    CHECK(ns_of(p, "2024-05-01T10:00:00-00:00") == kBase);
    CHECK(ns_of(p, "2024-05-01T10:00:00+23:59") == kBase - (23 * 3600 + 59 * 60) * kSecond);
    CHECK(ns_of(p, "2024-05-01T10:00:00-23:59") == kBase + (23 * 3600 + 59 * 60) * kSecond);
    CHECK(ns_of(p, "1970-01-01T00:00:00Z") == 0);
    CHECK(ns_of(p, "1969-12-31T23:59:59.999999999Z") == -1);
    CHECK(ns_of(p, "1969-12-31T23:59:59.5Z") == -500'000'000);
}

TEST_CASE("rfc3339: leap years and month lengths") {
    const TimeParser p = make(TimeFormatKind::rfc3339);
    // 2024-01-01 is day 19723; Feb 29 is 31 + 28 days later: 19782 * 86400.
    CHECK(ns_of(p, "2024-02-29T00:00:00Z") == 1'709'164'800 * kSecond);
    // 2000 (divisible by 400) is leap. 2000-01-01 is day 30*365 + 7 = 10957; + 59 = 11016.
    CHECK(ns_of(p, "2000-02-29T00:00:00Z") == 951'782'400 * kSecond);
    CHECK(error_of(p, "2023-02-29T00:00:00Z") == unparsable("2023-02-29T00:00:00Z"));
    CHECK(error_of(p, "1900-02-29T00:00:00Z") == unparsable("1900-02-29T00:00:00Z"));  // century, not leap
    CHECK(error_of(p, "2100-02-29T00:00:00Z") == unparsable("2100-02-29T00:00:00Z"));
    CHECK(error_of(p, "2024-02-30T00:00:00Z") == unparsable("2024-02-30T00:00:00Z"));
    CHECK(error_of(p, "2024-04-31T00:00:00Z") == unparsable("2024-04-31T00:00:00Z"));
    CHECK(ns_of(p, "2024-12-31T23:59:59Z") > 0);
    CHECK(error_of(p, "2024-12-32T00:00:00Z") == unparsable("2024-12-32T00:00:00Z"));
}

TEST_CASE("rfc3339: out-of-range fields and bad syntax are unparsable") {
    const TimeParser p = make(TimeFormatKind::rfc3339);
    for (const char* bad : {
             "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-05-00T00:00:00Z",
             "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z", "2024-05-01T10:00:60Z",  // second 60
             "2024-05-01T10:00:00.Z", "2024-05-01T10:00Z", "2024-05-01T10:00:00Zjunk",
             "2024-05-01T10:00:00+0200", "2024-05-01T10:00:00+24:00", "2024-05-01T10:00:00+02:60",
             "2024-05-01T10:00:00+02", "2024-5-01T10:00:00Z", "2024-05-01X10:00:00Z", "2024-05-01T10:00:00Z ",
             " 2024-05-01T10:00:00Z", "24-05-01T10:00:00Z", "2024-05-01", "2024/05/01T10:00:00Z",
             "2024-05-01T10:00:00.12a", "2024-05-01T1a:00:00Z", "+2024-05-01T10:00:00Z", "",
             "2024-05-01T10:00:00ZZ", "2024-05-01T10:00:00+02:00Z"}) {
        CAPTURE(bad);
        CHECK(error_of(p, bad) == unparsable(bad));
    }
}

TEST_CASE("rfc3339: the int64 nanosecond range, its ends reserved") {
    const TimeParser p = make(TimeFormatKind::rfc3339);
    // INT64_MAX ns = 9 223 372 036 s + .854775807; 9 223 372 036 = 106751 d + 85636 s (23:47:16).
    // 2262-01-01 is day 292*365 + 71 leap days (1972..2260 less 2100, 2200) = 106651;
    // +100 days into 2262 (Jan 31, Feb 28, Mar 31 = 90, then 10 more) = April 11.
    CHECK(ns_of(p, "2262-04-11T23:47:16.854775806Z") == kMax - 1);
    CHECK(error_of(p, "2262-04-11T23:47:16.854775807Z") == "time out of range");  // +infinity
    CHECK(error_of(p, "2262-04-12T00:00:00Z") == "time out of range");
    // INT64_MIN ns = -9 223 372 037 s + .145224192; -9 223 372 037 = -106752 d + 763 s (00:12:43).
    // 1677-01-01 is day -(293*365 + 70) = -107015; -106752 is 263 days later = September 21.
    CHECK(ns_of(p, "1677-09-21T00:12:43.145224193Z") == kMin + 1);
    CHECK(error_of(p, "1677-09-21T00:12:43.145224192Z") == "time out of range");  // -infinity
    CHECK(error_of(p, "1677-09-20T23:59:59Z") == "time out of range");
    CHECK(error_of(p, "0000-01-01T00:00:00Z") == "time out of range");
    CHECK(error_of(p, "9999-12-31T23:59:59Z") == "time out of range");
    // The offset brings it back into range: 2262-04-11T23:00:00Z = (106751 d + 82800 s).
    CHECK(ns_of(p, "2262-04-12T00:00:00+01:00") == (int64_t{106751} * 86400 + 82800) * kSecond);
}

TEST_CASE("rfc3339 without an offset is read in the [source] timezone") {
    const TimeParser ny = make(TimeFormatKind::rfc3339, "America/New_York");
    CHECK(ns_of(ny, "2024-05-01T06:00:00") == kBase);  // EDT, UTC-4
    CHECK(ns_of(ny, "2024-05-01T06:00:00.25") == kBase + 250'000'000);
    CHECK(ns_of(ny, "2024-05-01T10:00:00Z") == kBase);  // an offset in the text wins
    CHECK(ns_of(ny, "2024-05-01T12:00:00+02:00") == kBase);
    // EST, UTC-5: 2024-01-15 is day 19723 + 14 = 19737; 19737*86400 + 10 h = 1 705 312 800.
    CHECK(ns_of(ny, "2024-01-15T05:00:00") == 1'705'312'800 * kSecond);

    const TimeParser fixed = make(TimeFormatKind::rfc3339, "Etc/GMT+5");  // POSIX sign: UTC-5
    CHECK(ns_of(fixed, "2024-05-01T05:00:00") == kBase);
    const TimeParser etc_utc = make(TimeFormatKind::rfc3339, "Etc/UTC");
    CHECK(ns_of(etc_utc, "2024-05-01T10:00:00") == kBase);
    const TimeParser kolkata = make(TimeFormatKind::rfc3339, "Asia/Kolkata");  // UTC+5:30
    CHECK(ns_of(kolkata, "2024-05-01T15:30:00") == kBase);
}

TEST_CASE("DST: skipped and repeated wall times take the offset in force before the change") {
    const TimeParser ny = make(TimeFormatKind::rfc3339, "America/New_York");
    // 2024-03-10 02:30 does not exist in New York (02:00 EST -> 03:00 EDT). Before the change
    // EST (UTC-5) held: 07:30Z. Day 19723 + 31 + 29 + 9 = 19792; 19792*86400 + 27000 s.
    CHECK(ns_of(ny, "2024-03-10T02:30:00") == 1'710'055'800 * kSecond);
    // 2024-11-03 01:30 happens twice (EDT, then EST). Before the change EDT (UTC-4): 05:30Z.
    // Day 19723 + 305 (Jan..Oct) + 2 = 20030; 20030*86400 + 19800 s. (EST would be 06:30Z.)
    CHECK(ns_of(ny, "2024-11-03T01:30:00") == 1'730'611'800 * kSecond);

    const TimeParser berlin = make(TimeFormatKind::rfc3339, "Europe/Berlin");
    // 2024-03-31 02:30 is skipped (CET -> CEST); CET, UTC+1, held before: 01:30Z.
    // Day 19723 + 31 + 29 + 30 = 19813; 19813*86400 + 5400 s.
    CHECK(ns_of(berlin, "2024-03-31T02:30:00") == 1'711'848'600 * kSecond);
    // 2024-10-27 02:30 is repeated (CEST -> CET); CEST, UTC+2, held before: 00:30Z.
    // Day 19723 + 274 (Jan..Sep) + 26 = 20023; 20023*86400 + 1800 s.
    CHECK(ns_of(berlin, "2024-10-27T02:30:00") == 1'729'989'000 * kSecond);
}

TEST_CASE("an unknown time zone is an error at create") {
    auto r = TimeParser::create(TimeFormat{}, "Mars/Olympus_Mons");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "unknown time zone 'Mars/Olympus_Mons'");
    CHECK_FALSE(TimeParser::create(TimeFormat{}, "").ok());
    CHECK_FALSE(TimeParser::create(TimeFormat{}, "utc ").ok());
}

TEST_CASE("auto: JSON numbers are epochs told apart by magnitude") {
    const TimeParser p = make(TimeFormatKind::auto_detect);
    CHECK(ns_of(p, integer_value(1'714'557'600, "1714557600")) == kBase);
    CHECK(ns_of(p, integer_value(1'714'557'600'000, "1714557600000")) == kBase);
    CHECK(ns_of(p, integer_value(1'714'557'600'000'000, "1714557600000000")) == kBase);
    CHECK(ns_of(p, integer_value(1'714'557'600'000'000'000, "1714557600000000000")) == kBase);
    CHECK(ns_of(p, integer_value(0, "0")) == 0);
    CHECK(ns_of(p, integer_value(-1, "-1")) == -kSecond);
    // 1.5 s: seconds, the fraction from the text.
    CHECK(ns_of(p, floating_value(1714557600.5, "1714557600.5")) == kBase + 500'000'000);
    // Milliseconds with a microsecond fraction.
    CHECK(ns_of(p, floating_value(1714557600123.456789, "1714557600123.456789")) == kBase + 123'456'789);
    CHECK(ns_of(p, floating_value(1.7145576e9, "1.7145576e9")) == kBase);
}

TEST_CASE("auto: magnitude thresholds at the boundaries") {
    const TimeParser p = make(TimeFormatKind::auto_detect);
    // Just below each threshold the larger unit applies, and as such these values lie past
    // 2262 (e.g. 99 999 999 999 s = 9.9e19 ns > INT64_MAX): out of range proves the unit.
    // At each threshold the smaller unit applies and the value is 1e17 ns (1973-03-03).
    CHECK(error_of(p, integer_value(99'999'999'999, "99999999999")) == "time out of range");
    CHECK(ns_of(p, integer_value(100'000'000'000, "100000000000")) == 100'000'000'000'000'000);
    CHECK(error_of(p, integer_value(99'999'999'999'999, "99999999999999")) == "time out of range");
    CHECK(ns_of(p, integer_value(100'000'000'000'000, "100000000000000")) == 100'000'000'000'000'000);
    CHECK(error_of(p, integer_value(99'999'999'999'999'999, "99999999999999999")) == "time out of range");
    CHECK(ns_of(p, integer_value(100'000'000'000'000'000, "100000000000000000")) == 100'000'000'000'000'000);
    // |v| decides for negative values too.
    CHECK(error_of(p, integer_value(-99'999'999'999, "-99999999999")) == "time out of range");
    CHECK(ns_of(p, integer_value(-100'000'000'000, "-100000000000")) == -100'000'000'000'000'000);
    // The exact value decides, not its double: 99999999999.999999999999 rounds to the double
    // 1e11 (milliseconds, in range) but is below 1e11, so seconds, so out of range.
    CHECK(error_of(p, floating_value(1e11, "99999999999.999999999999")) == "time out of range");
    CHECK(ns_of(p, floating_value(1e11, "1.0e11")) == 100'000'000'000'000'000);
    CHECK(ns_of(p, floating_value(1e11, "1e11")) == 100'000'000'000'000'000);
    // The same thresholds for numeric strings.
    CHECK(error_of(p, "99999999999") == "time out of range");
    CHECK(ns_of(p, "100000000000") == 100'000'000'000'000'000);
}

TEST_CASE("auto: JSON strings are RFC 3339, or epochs when all digits") {
    const TimeParser p = make(TimeFormatKind::auto_detect);
    CHECK(ns_of(p, "2024-05-01T10:00:00Z") == kBase);
    CHECK(ns_of(p, "2024-05-01T10:00:00.5+00:00") == kBase + 500'000'000);
    CHECK(ns_of(p, "1714557600") == kBase);
    CHECK(ns_of(p, "1714557600000") == kBase);
    CHECK(ns_of(p, "1714557600000000000") == kBase);
    CHECK(ns_of(p, "0") == 0);
    // Not all digits, and not RFC 3339 either.
    CHECK(error_of(p, "-1714557600") == unparsable("-1714557600"));
    CHECK(error_of(p, "1714557600.5") == unparsable("1714557600.5"));
    CHECK(error_of(p, "") == unparsable(""));
    CHECK(error_of(p, "yesterday") == unparsable("yesterday"));
}

TEST_CASE("auto: numbers beyond int64 are out of range") {
    const TimeParser p = make(TimeFormatKind::auto_detect);
    FieldValue big;
    big.kind = JsonKind::big_integer;
    big.raw = "123456789012345678901234567890";
    big.number = 1.2345678901234568e29;
    CHECK(error_of(p, big) == "time out of range");
    FieldValue u64 = integer_value(0, "18446744073709551615");
    u64.integer_fits = false;
    u64.number = 1.8446744073709552e19;
    CHECK(error_of(p, u64) == "time out of range");
    CHECK(error_of(p, integer_value(kMax, "9223372036854775807")) == "time out of range");  // +inf reserved
    CHECK(error_of(p, integer_value(kMin, "-9223372036854775808")) == "time out of range");  // -inf reserved
    CHECK(ns_of(p, integer_value(kMax - 1, "9223372036854775806")) == kMax - 1);
}

TEST_CASE("epoch_s: fractions come from the decimal text and floor to the nanosecond") {
    const TimeParser p = make(TimeFormatKind::epoch_s);
    CHECK(ns_of(p, "1714557601.123456789999") == 1'714'557'601'123'456'789);
    CHECK(ns_of(p, floating_value(1714557601.1234567, "1714557601.123456789999")) == 1'714'557'601'123'456'789);
    CHECK(ns_of(p, integer_value(1'714'557'600, "1714557600")) == kBase);
    CHECK(ns_of(p, "1714557600") == kBase);
    // -1.5 ns floors to -2 ns.
    CHECK(ns_of(p, floating_value(-0.0000000015, "-0.0000000015")) == -2);
    CHECK(ns_of(p, "-0.000000001") == -1);
    CHECK(ns_of(p, "-0.0000000010000") == -1);
    CHECK(ns_of(p, "0.0000000019") == 1);
    // Exponents shift the decimal point exactly.
    CHECK(ns_of(p, floating_value(1.7145576e9, "1.7145576e9")) == kBase);
    CHECK(ns_of(p, "17145576E+2") == kBase);
    CHECK(ns_of(p, "171455760000e-2") == kBase);
    CHECK(ns_of(p, "1e-9") == 1);
    CHECK(ns_of(p, "1e-999") == 0);
    CHECK(ns_of(p, "-1e-999") == -1);
    CHECK(ns_of(p, "0e999999999999999999999") == 0);
    CHECK(ns_of(p, "-0") == 0);
    CHECK(ns_of(p, "001714557600") == kBase);  // leading zeros in a numeric string
    // 9 223 372 036 s fits in int64 ns, 9 223 372 037 s does not.
    CHECK(ns_of(p, "9223372036") == 9'223'372'036 * kSecond);
    CHECK(error_of(p, "9223372037") == "time out of range");
    CHECK(error_of(p, integer_value(9'223'372'037, "9223372037")) == "time out of range");
    CHECK(error_of(p, "1e999") == "time out of range");
    CHECK(ns_of(p, "-9223372036.854775807") == kMin + 1);
    CHECK(error_of(p, "-9223372036.854775808") == "time out of range");  // -infinity
    CHECK(error_of(p, "-9223372036.8547758071") == "time out of range");  // floors below it
}

TEST_CASE("epoch_ms, epoch_us, epoch_ns") {
    const TimeParser ms = make(TimeFormatKind::epoch_ms);
    CHECK(ns_of(ms, floating_value(-1.5, "-1.5")) == -1'500'000);
    CHECK(ns_of(ms, integer_value(1'714'557'600'123, "1714557600123")) == kBase + 123'000'000);
    CHECK(ns_of(ms, "1714557600123.4567891") == kBase + 123'456'789);
    CHECK(ns_of(ms, integer_value(5, "5")) == 5'000'000);  // no magnitude guessing
    const TimeParser us = make(TimeFormatKind::epoch_us);
    CHECK(ns_of(us, integer_value(1'714'557'600'123'456, "1714557600123456")) == kBase + 123'456'000);
    CHECK(ns_of(us, "-0.0005") == -1);
    const TimeParser ns = make(TimeFormatKind::epoch_ns);
    CHECK(ns_of(ns, "1714557600123456789") == kBase + 123'456'789);
    CHECK(ns_of(ns, floating_value(1.5, "1.5")) == 1);
    CHECK(ns_of(ns, floating_value(-1.5, "-1.5")) == -2);
    CHECK(ns_of(ns, "9223372036854775806") == kMax - 1);
    CHECK(error_of(ns, "9223372036854775807") == "time out of range");
    CHECK(ns_of(ns, "-9223372036854775807") == kMin + 1);
    CHECK(error_of(ns, "-9223372036854775808") == "time out of range");
    CHECK(error_of(ns, integer_value(kMin, "-9223372036854775808")) == "time out of range");
    // A FieldValue without raw text falls back to the double's shortest text.
    FieldValue no_raw = floating_value(2.5, "");
    CHECK(ns_of(ns, no_raw) == 2);
}

TEST_CASE("epoch formats reject what is not a number") {
    const TimeParser p = make(TimeFormatKind::epoch_s);
    for (const char* bad : {"abc", "1e", "1e+", ".5", "5.", "+5", " 5", "5 ", "0x10", "1_000", "NaN", "Infinity",
                            "--5", "", "2024-05-01T10:00:00Z", "1.2.3", "-"}) {
        CAPTURE(bad);
        CHECK(error_of(p, bad) == unparsable(bad));
    }
}

TEST_CASE("rfc3339 format given a number is unparsable") {
    const TimeParser p = make(TimeFormatKind::rfc3339);
    CHECK(error_of(p, integer_value(1'714'557'600, "1714557600")) == unparsable("1714557600"));
}

TEST_CASE("long unparsable text is cut to 64 bytes in the message") {
    const TimeParser p = make(TimeFormatKind::rfc3339);
    const std::string long_text(100, 'a');
    CHECK(error_of(p, long_text) == "unparsable time '" + std::string(64, 'a') + "...'");
    // 63 ASCII bytes then a 2-byte character straddling byte 64: cut before it.
    const std::string utf8 = std::string(63, 'b') + "\xC3\xA9" + std::string(10, 'c');
    CHECK(error_of(p, utf8) == "unparsable time '" + std::string(63, 'b') + "...'");
}

TEST_CASE("strftime: the nginx/Apache access log form") {
    const TimeParser p = make_strftime("%d/%b/%Y:%H:%M:%S %z");
    // 2000-10-10T20:55:36Z: 2000-01-01 is day 10957; + 274 (Jan..Sep, leap) + 9 = 11240;
    // 11240*86400 = 971 136 000, + 20:55:36 (75336 s) = 971 211 336.
    CHECK(ns_of(p, "10/Oct/2000:13:55:36 -0700") == 971'211'336 * kSecond);
    CHECK(ns_of(p, "10/Oct/2000:13:55:36 -07:00") == 971'211'336 * kSecond);  // Python's %z reads this too
    CHECK(ns_of(p, "10/Oct/2000:20:55:36 Z") == 971'211'336 * kSecond);
    // %z in the pattern: the zone plays no part.
    const TimeParser in_ny = make_strftime("%d/%b/%Y:%H:%M:%S %z", "America/New_York");
    CHECK(ns_of(in_ny, "10/Oct/2000:13:55:36 -0700") == 971'211'336 * kSecond);
    CHECK(error_of(p, "garbage") == unparsable("garbage"));
    CHECK(error_of(p, "32/Oct/2000:13:55:36 -0700") == unparsable("32/Oct/2000:13:55:36 -0700"));
}

TEST_CASE("strftime: second 60 is invalid (rule 3), whatever the offset; a whole minute is not") {
    const TimeParser p = make_strftime("%d/%b/%Y:%H:%M:%S %z");
    CHECK(error_of(p, "10/Oct/2000:13:55:60 -0700") == unparsable("10/Oct/2000:13:55:60 -0700"));
    CHECK(error_of(p, "10/Oct/2000:13:59:60 +0000") == unparsable("10/Oct/2000:13:59:60 +0000"));
    CHECK(ns_of(p, "10/Oct/2000:13:56:00 -0700") == (971'211'336 + 24) * kSecond);
    CHECK(ns_of(p, "10/Oct/1960:13:56:00 -0700") < 0);  // a "60" elsewhere is not a leap second
    const TimeParser plain = make_strftime("%Y-%m-%d %H:%M:%S", "America/New_York");
    CHECK(error_of(plain, "2024-05-01 10:00:60") == unparsable("2024-05-01 10:00:60"));
    const TimeParser compact = make_strftime("%E4Y%m%d%H%M%S");
    CHECK(error_of(compact, "20240501100060") == unparsable("20240501100060"));
    CHECK(ns_of(compact, "20240501100100") == 1'714'557'660 * kSecond);
    const TimeParser epoch = make_strftime("%s");
    CHECK(ns_of(epoch, "1714557660") == 1'714'557'660 * kSecond);  // %s: "60" is just digits
}

TEST_CASE("strftime: fractional seconds, Python's %f and absl's %E*S") {
    const TimeParser python = make_strftime("%Y-%m-%d %H:%M:%S.%f");
    CHECK(ns_of(python, "2024-05-01 10:00:00.123456") == kBase + 123'456'000);
    CHECK(ns_of(python, "2024-05-01 10:00:00.5") == kBase + 500'000'000);
    const TimeParser absl_style = make_strftime("%Y-%m-%dT%H:%M:%E*S");
    CHECK(ns_of(absl_style, "2024-05-01T10:00:00.25") == kBase + 250'000'000);
    CHECK(ns_of(absl_style, "2024-05-01T10:00:00") == kBase);
    // "%%" is a literal percent sign, so "%%f" is not Python's %f.
    const TimeParser literal = make_strftime("%s %%f");
    CHECK(ns_of(literal, "1714557600 %f") == kBase);
}

TEST_CASE("strftime without %z reads the [source] timezone with the DST rule") {
    const TimeParser ny = make_strftime("%Y-%m-%d %H:%M:%S", "America/New_York");
    CHECK(ns_of(ny, "2024-05-01 06:00:00") == kBase);
    CHECK(ns_of(ny, "2024-03-10 02:30:00") == 1'710'055'800 * kSecond);  // skipped: EST, as above
    CHECK(ns_of(ny, "2024-11-03 01:30:00") == 1'730'611'800 * kSecond);  // repeated: EDT, as above
    const TimeParser utc = make_strftime("%Y-%m-%d %H:%M:%S");
    CHECK(ns_of(utc, "2024-05-01 10:00:00") == kBase);
    // A fixed-width year: 2024-05-01T00:00:00Z = day 19844.
    const TimeParser compact = make_strftime("%E4Y%m%d");
    CHECK(ns_of(compact, "20240501") == 1'714'521'600 * kSecond);
    CHECK(error_of(compact, "30000101") == "time out of range");  // the year 3000
    const TimeParser dates = make_strftime("%Y-%m-%d");
    CHECK(error_of(dates, "3000-01-01") == "time out of range");
}

TEST_CASE("strftime given a number reads its raw text") {
    const TimeParser p = make_strftime("%s");
    CHECK(ns_of(p, integer_value(1'714'557'600, "1714557600")) == kBase);
    CHECK(ns_of(p, "1714557600") == kBase);
}

TEST_CASE("unusable strftime patterns fail at create") {
    auto greedy = TimeParser::create(TimeFormat{TimeFormatKind::strftime, "%Y%m%d"}, "UTC");
    REQUIRE_FALSE(greedy.ok());
    CHECK(greedy.error().message.find("%Y%m%d") != std::string::npos);
    auto no_conversion = TimeParser::create(TimeFormat{TimeFormatKind::strftime, "rfc3399"}, "UTC");
    REQUIRE_FALSE(no_conversion.ok());
    CHECK(no_conversion.error().message.find("rfc3399") != std::string::npos);
    CHECK_FALSE(TimeParser::create(TimeFormat{TimeFormatKind::strftime, ""}, "UTC").ok());
}

TEST_CASE("a TimeParser moves") {
    TimeParser a = make(TimeFormatKind::rfc3339, "America/New_York");
    TimeParser b = std::move(a);
    CHECK(ns_of(b, "2024-05-01T06:00:00") == kBase);
    TimeParser c = make(TimeFormatKind::epoch_s);
    c = std::move(b);
    CHECK(ns_of(c, "2024-05-01T06:00:00") == kBase);
}
