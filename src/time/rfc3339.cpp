// RFC 3339 timestamps read field by field at fixed offsets, every range checked by hand, so
// the common "2024-05-01T10:00:00.123Z" costs a few dozen compares and no library call.
#include "time/rfc3339.hpp"

#include <limits>

#include "time/civil_days.hpp"

namespace eddy {
namespace {

// The value of two ASCII digits at p, or -1 when either is not a digit.
inline int two_digits(const char* p) {
    const auto a = static_cast<unsigned>(static_cast<unsigned char>(p[0]) - '0');
    const auto b = static_cast<unsigned>(static_cast<unsigned char>(p[1]) - '0');
    if (a > 9 || b > 9) return -1;
    return static_cast<int>(a * 10 + b);
}

}  // namespace

bool read_rfc3339(std::string_view text, Rfc3339Fields& out) {
    const char* p = text.data();
    const size_t n = text.size();
    // "YYYY-MM-DDTHH:MM:SS" is 19 characters, the shortest valid form.
    if (n < 19) return false;
    const int y_hi = two_digits(p);
    const int y_lo = two_digits(p + 2);
    const int month = two_digits(p + 5);
    const int day = two_digits(p + 8);
    const int hour = two_digits(p + 11);
    const int minute = two_digits(p + 14);
    const int second = two_digits(p + 17);
    if ((y_hi | y_lo | month | day | hour | minute | second) < 0) return false;
    if (p[4] != '-' || p[7] != '-' || p[13] != ':' || p[16] != ':') return false;
    if (p[10] != 'T' && p[10] != 't' && p[10] != ' ') return false;
    const int year = y_hi * 100 + y_lo;
    if (month < 1 || month > 12) return false;
    if (day < 1 || static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) return false;
    if (hour > 23 || minute > 59 || second > 59) return false;

    size_t i = 19;
    int32_t nanos = 0;
    if (i < n && p[i] == '.') {
        ++i;
        const size_t start = i;
        while (i < n && static_cast<unsigned>(static_cast<unsigned char>(p[i]) - '0') <= 9) {
            // Digits past the 9th are below a nanosecond: dropped, not rounded.
            if (i - start < 9) nanos = nanos * 10 + (p[i] - '0');
            ++i;
        }
        const size_t count = i - start;
        if (count == 0) return false;
        constexpr int32_t kScale[9] = {100'000'000, 10'000'000, 1'000'000, 100'000, 10'000, 1'000, 100, 10, 1};
        nanos *= kScale[count < 9 ? count - 1 : 8];
    }

    Rfc3339Fields f;
    if (i < n && (p[i] == 'Z' || p[i] == 'z')) {
        f.has_offset = true;
        ++i;
    } else if (i < n && (p[i] == '+' || p[i] == '-')) {
        if (n - i < 6) return false;
        const int oh = two_digits(p + i + 1);
        const int om = two_digits(p + i + 4);
        if (oh < 0 || om < 0 || p[i + 3] != ':' || oh > 23 || om > 59) return false;
        f.has_offset = true;
        f.offset_seconds = (oh * 3600 + om * 60) * (p[i] == '-' ? -1 : 1);
        i += 6;
    }
    if (i != n) return false;

    f.year = year;
    f.month = month;
    f.day = day;
    f.hour = hour;
    f.minute = minute;
    f.second = second;
    f.nanos = nanos;
    out = f;
    return true;
}

int64_t civil_seconds_as_utc(const Rfc3339Fields& f) {
    const int64_t days = days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
    return days * 86400 + f.hour * 3600 + f.minute * 60 + f.second;
}

bool seconds_to_event_ns(int64_t seconds, int32_t nanos, int64_t& ns) {
    // Near INT64_MIN the whole seconds alone overflow while seconds + fraction does not
    // (1677-09-21T00:12:43.145224193Z): borrow a second from the fraction first.
    if (seconds < 0 && nanos > 0) {
        ++seconds;
        nanos -= 1'000'000'000;
    }
    int64_t r = 0;
    if (__builtin_mul_overflow(seconds, int64_t{1'000'000'000}, &r)) return false;
    if (__builtin_add_overflow(r, int64_t{nanos}, &r)) return false;
    if (r == std::numeric_limits<int64_t>::min() || r == std::numeric_limits<int64_t>::max()) return false;
    ns = r;
    return true;
}

}  // namespace eddy
