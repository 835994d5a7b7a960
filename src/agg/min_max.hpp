// min(f) and max(f): one template, two variant alternatives. Numbers compare exactly across
// int64, wider integers and doubles; ties keep the first to arrive (SPEC §8 rule 16), also across merges.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "agg/sum.hpp"
#include "core/time_types.hpp"
#include "json/field_value.hpp"

namespace eddy {

struct AggCounters;

// Exact three-way comparison of an int64 and a finite double (-1, 0, 1): no rounding of the
// integer, so 9007199254740993 > 9007199254740992.0.
int compare_int_double(int64_t i, double d);
// Exact three-way comparison of two decimal integer texts of any length ("-12", "345").
int compare_integer_texts(std::string_view a, std::string_view b);

template <bool kMax>
struct ExtremeAgg {
    NumberInput::Kind kind = NumberInput::Kind::none;  // none until a number arrives
    int64_t integer = 0;     // kind integer
    double number = 0;       // kind floating or wide
    std::string wide_text;   // kind wide: canonical digits, printed as they came
    ArrivalSeq seq;          // arrival of the value held, for ties across merges

    void add(const FieldValue& v, EventTime, ArrivalSeq seq, AggCounters& counters);
    void merge(const ExtremeAgg& newer);
    void write(std::string& out, AggCounters& counters) const;
    void encode(ByteWriter& w) const;
    void decode(ByteReader& r);

private:
    // Whether a candidate (kind, integer, number) arriving at `at` should replace the value held.
    bool replaces(NumberInput::Kind k, int64_t i, double d, std::string_view text, ArrivalSeq at) const;
};

using MinAgg = ExtremeAgg<false>;
using MaxAgg = ExtremeAgg<true>;

extern template struct ExtremeAgg<false>;
extern template struct ExtremeAgg<true>;

}  // namespace eddy
