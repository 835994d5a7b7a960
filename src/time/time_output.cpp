// Window bounds as JSON: an RFC 3339 UTC string with milliseconds or an epoch integer, always
// floored to the unit (SPEC §8 rule 25), written straight into the caller's row buffer.
#include "time/time_output.hpp"

#include <charconv>
#include <cstdint>

#include "time/civil_days.hpp"

namespace eddy {
namespace {

// Division rounding toward negative infinity: -1 ns is in the millisecond before the epoch.
constexpr int64_t floor_div(int64_t a, int64_t b) {
    const int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

inline char* put2(char* p, unsigned v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
    return p + 2;
}

void append_rfc3339_ms(std::string& out, int64_t ns) {
    const int64_t ms = floor_div(ns, 1'000'000);
    const int64_t days = floor_div(ms, 86'400'000);
    const auto ms_of_day = static_cast<unsigned>(ms - days * 86'400'000);
    const CivilDate date = civil_from_days(days);
    // int64 nanoseconds span the years 1677..2262, so the year always has four digits.
    const auto year = static_cast<unsigned>(date.year);
    const unsigned secs = ms_of_day / 1000;
    char buf[32];
    char* p = buf;
    *p++ = '"';
    p = put2(p, year / 100);
    p = put2(p, year % 100);
    *p++ = '-';
    p = put2(p, date.month);
    *p++ = '-';
    p = put2(p, date.day);
    *p++ = 'T';
    p = put2(p, secs / 3600);
    *p++ = ':';
    p = put2(p, secs / 60 % 60);
    *p++ = ':';
    p = put2(p, secs % 60);
    *p++ = '.';
    const unsigned milli = ms_of_day % 1000;
    *p++ = static_cast<char>('0' + milli / 100);
    p = put2(p, milli % 100);
    *p++ = 'Z';
    *p++ = '"';
    out.append(buf, p);
}

void append_integer(std::string& out, int64_t v) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

}  // namespace

void append_time_bound(std::string& out, EventTime t, OutputTimeFormat format) {
    const int64_t ns = t.ns();
    switch (format) {
        case OutputTimeFormat::rfc3339: append_rfc3339_ms(out, ns); return;
        case OutputTimeFormat::epoch_s: append_integer(out, floor_div(ns, 1'000'000'000)); return;
        case OutputTimeFormat::epoch_ms: append_integer(out, floor_div(ns, 1'000'000)); return;
        case OutputTimeFormat::epoch_us: append_integer(out, floor_div(ns, 1'000)); return;
        case OutputTimeFormat::epoch_ns: append_integer(out, ns); return;
    }
}

}  // namespace eddy
