// sum(f): an exact int64 sum that turns into a double for good on overflow or when a float
// joins (SPEC §8 rule 17). Also the numeric reading of a value that avg, min and max share.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/time_types.hpp"
#include "json/field_value.hpp"
#include "state/byte_codec.hpp"

namespace eddy {

struct AggCounters;

// A value as the numeric aggregates read it (SPEC §8 rule 16).
struct NumberInput {
    enum class Kind : uint8_t {
        none,      // missing or null: ignored, not counted
        wrong,     // boolean, string, array, object: ignored and counted as wrong_type
        integer,   // fits int64: `integer`
        floating,  // `number`
        wide,      // an integer beyond int64 (uint64 or wider): `number`, printed as `text`
    };
    Kind kind = Kind::none;
    int64_t integer = 0;
    double number = 0;
    std::string_view text;  // wide: the canonical digits
};

NumberInput read_number(const FieldValue& v);

struct SumAgg {
    uint64_t count = 0;   // usable values added (avg divides by it)
    bool floating = false;
    int64_t int_sum = 0;  // while !floating
    double float_sum = 0; // once floating

    void add(const FieldValue& v, EventTime, ArrivalSeq, AggCounters& counters);
    void add_integer(int64_t x);
    void add_double(double x);
    void merge(const SumAgg& newer);
    void write(std::string& out, AggCounters& counters) const;
    void encode(ByteWriter& w) const;
    void decode(ByteReader& r);

    // The sum as a double (avg's numerator); meaningful when count > 0.
    double as_double() const { return floating ? float_sum : static_cast<double>(int_sum); }
};

}  // namespace eddy
