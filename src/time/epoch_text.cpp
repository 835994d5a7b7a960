// Exact decimal epoch text -> nanoseconds: digits are placed by their power of ten after the
// unit and exponent shift, so "1.7145576e9" or 22 fraction digits never round through a double.
#include "time/epoch_text.hpp"

#include <limits>

namespace eddy {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
// Beyond this, an exponent either leaves nothing of a 64-bit integer part or overflows it;
// saturating keeps the position arithmetic below far from int64 overflow for any line length.
constexpr int64_t kExponentCap = int64_t{1} << 40;

bool is_digit(char c) { return static_cast<unsigned char>(c - '0') <= 9; }

int unit_digits(EpochUnit unit) {
    switch (unit) {
        case EpochUnit::s: return 9;
        case EpochUnit::ms: return 6;
        case EpochUnit::us: return 3;
        case EpochUnit::ns: return 0;
    }
    return 0;
}

constexpr uint64_t kPow10[19] = {
    1ULL, 10ULL, 100ULL, 1'000ULL, 10'000ULL, 100'000ULL, 1'000'000ULL, 10'000'000ULL, 100'000'000ULL,
    1'000'000'000ULL, 10'000'000'000ULL, 100'000'000'000ULL, 1'000'000'000'000ULL, 10'000'000'000'000ULL,
    100'000'000'000'000ULL, 1'000'000'000'000'000ULL, 10'000'000'000'000'000ULL, 100'000'000'000'000'000ULL,
    1'000'000'000'000'000'000ULL,
};

// Appends `digits` to acc; 18 digits or fewer in all cannot overflow, so the common case
// skips the per-digit check.
inline bool append_digits(uint64_t& acc, std::string_view digits, bool checked) {
    if (!checked) {
        for (char c : digits) acc = acc * 10 + static_cast<uint64_t>(c - '0');
        return true;
    }
    for (char c : digits) {
        const auto digit = static_cast<uint64_t>(c - '0');
        if (acc > (static_cast<uint64_t>(kMax) - digit) / 10) return false;
        acc = acc * 10 + digit;
    }
    return true;
}

inline bool any_nonzero(std::string_view digits) {
    for (char c : digits)
        if (c != '0') return true;
    return false;
}

// The integer part of |number| * 10^shift in `magnitude`, and whether anything nonzero was
// cut off below the point; false when the integer part exceeds INT64_MAX.
bool scaled_magnitude(const DecimalText& number, int64_t shift, uint64_t& magnitude, bool& fraction_nonzero) {
    const auto n_int = static_cast<int64_t>(number.int_digits.size());
    const auto n_frac = static_cast<int64_t>(number.frac_digits.size());
    // The digits of int_digits ++ frac_digits that land at 10^0 or above form a prefix.
    int64_t whole = n_int + shift;
    if (whole < 0) whole = 0;
    if (whole > n_int + n_frac) whole = n_int + n_frac;
    const bool checked = whole > 18;
    uint64_t acc = 0;
    bool cut = false;
    if (whole <= n_int) {
        if (!append_digits(acc, number.int_digits.substr(0, static_cast<size_t>(whole)), checked)) return false;
        cut = any_nonzero(number.int_digits.substr(static_cast<size_t>(whole))) || any_nonzero(number.frac_digits);
    } else {
        const auto from_frac = static_cast<size_t>(whole - n_int);
        if (!append_digits(acc, number.int_digits, checked)) return false;
        if (!append_digits(acc, number.frac_digits.substr(0, from_frac), checked)) return false;
        cut = any_nonzero(number.frac_digits.substr(from_frac));
    }
    if (acc > static_cast<uint64_t>(kMax)) return false;
    // Powers of ten below the last digit still to multiply in (the "e9" of "17e9").
    const int64_t trailing = shift - n_frac;
    if (trailing > 0 && acc != 0) {
        if (trailing > 18) return false;
        if (__builtin_mul_overflow(acc, kPow10[trailing], &acc) || acc > static_cast<uint64_t>(kMax)) return false;
    }
    magnitude = acc;
    fraction_nonzero = cut;
    return true;
}

}  // namespace

bool read_decimal_text(std::string_view text, DecimalText& out) {
    const char* p = text.data();
    const char* const end = p + text.size();
    DecimalText d;
    if (p != end && *p == '-') {
        d.negative = true;
        ++p;
    }
    const char* start = p;
    while (p != end && is_digit(*p)) ++p;
    if (p == start) return false;
    d.int_digits = std::string_view(start, static_cast<size_t>(p - start));
    if (p != end && *p == '.') {
        start = ++p;
        while (p != end && is_digit(*p)) ++p;
        if (p == start) return false;
        d.frac_digits = std::string_view(start, static_cast<size_t>(p - start));
    }
    if (p != end && (*p == 'e' || *p == 'E')) {
        ++p;
        bool exp_negative = false;
        if (p != end && (*p == '+' || *p == '-')) exp_negative = *p++ == '-';
        start = p;
        int64_t e = 0;
        while (p != end && is_digit(*p)) {
            if (e < kExponentCap) e = e * 10 + (*p - '0');
            ++p;
        }
        if (p == start) return false;
        if (e > kExponentCap) e = kExponentCap;
        d.exponent = exp_negative ? -e : e;
    }
    if (p != end) return false;
    out = d;
    return true;
}

EpochUnit epoch_unit_by_magnitude(const DecimalText& number) {
    uint64_t whole = 0;
    bool cut = false;
    // An integer part beyond int64 is nanoseconds by magnitude (and out of range later).
    if (!scaled_magnitude(number, number.exponent, whole, cut)) return EpochUnit::ns;
    if (whole < 100'000'000'000ULL) return EpochUnit::s;
    if (whole < 100'000'000'000'000ULL) return EpochUnit::ms;
    if (whole < 100'000'000'000'000'000ULL) return EpochUnit::us;
    return EpochUnit::ns;
}

EpochUnit epoch_unit_by_magnitude(int64_t v) {
    const uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    if (mag < 100'000'000'000ULL) return EpochUnit::s;
    if (mag < 100'000'000'000'000ULL) return EpochUnit::ms;
    if (mag < 100'000'000'000'000'000ULL) return EpochUnit::us;
    return EpochUnit::ns;
}

bool decimal_epoch_to_ns(const DecimalText& number, EpochUnit unit, int64_t& ns) {
    uint64_t mag = 0;
    bool cut = false;
    if (!scaled_magnitude(number, number.exponent + unit_digits(unit), mag, cut)) return false;
    if (!number.negative) {
        // Flooring a positive value is dropping what was cut; INT64_MAX is +infinity.
        if (mag >= static_cast<uint64_t>(kMax)) return false;
        ns = static_cast<int64_t>(mag);
        return true;
    }
    // Floor of a negative value with a cut-off fraction is one further from zero;
    // mag <= INT64_MAX keeps the result above INT64_MIN (-infinity).
    if (cut) ++mag;
    if (mag > static_cast<uint64_t>(kMax)) return false;
    ns = -static_cast<int64_t>(mag);
    return true;
}

bool integer_epoch_to_ns(int64_t v, EpochUnit unit, int64_t& ns) {
    int64_t factor = 1;
    switch (unit) {
        case EpochUnit::s: factor = 1'000'000'000; break;
        case EpochUnit::ms: factor = 1'000'000; break;
        case EpochUnit::us: factor = 1'000; break;
        case EpochUnit::ns: factor = 1; break;
    }
    int64_t r = 0;
    if (__builtin_mul_overflow(v, factor, &r)) return false;
    if (r == std::numeric_limits<int64_t>::min() || r == kMax) return false;
    ns = r;
    return true;
}

}  // namespace eddy
