// Epoch numbers (seconds, millis, micros, nanos) to exact nanoseconds, read from the number's
// decimal text rather than its double, so fractions floor to the nanosecond (SPEC §8 rule 2).
#pragma once
#include <cstdint>
#include <string_view>

namespace eddy {

// A number's decimal text split into its parts, nothing converted yet.
// Value = (-1 if negative) * <int_digits>.<frac_digits> * 10^exponent.
struct DecimalText {
    bool negative = false;
    std::string_view int_digits;   // at least one digit
    std::string_view frac_digits;  // empty when there is no '.'
    int64_t exponent = 0;          // saturated far beyond any meaningful shift
};

// JSON number grammar ('-'? digits ('.' digits)? ([eE] [+-]? digits)?), except that leading
// zeros are accepted, since numeric strings ("0001714557601") are not JSON numbers anyway.
bool read_decimal_text(std::string_view text, DecimalText& out);

enum class EpochUnit : uint8_t { s, ms, us, ns };

// SPEC §8 rule 2: |v| < 1e11 is seconds, < 1e14 milliseconds, < 1e17 microseconds, else
// nanoseconds. The thresholds are integers, so comparing the integer part of |v| is exact.
EpochUnit epoch_unit_by_magnitude(const DecimalText& number);
EpochUnit epoch_unit_by_magnitude(int64_t v);

// The number as nanoseconds since the epoch, floored; false when the result is outside
// int64 or is INT64_MIN / INT64_MAX (reserved for the watermark's infinities).
bool decimal_epoch_to_ns(const DecimalText& number, EpochUnit unit, int64_t& ns);
bool integer_epoch_to_ns(int64_t v, EpochUnit unit, int64_t& ns);

}  // namespace eddy
