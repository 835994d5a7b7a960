// FieldValues for the aggregate tests, filled by hand as the extractor would fill them.
// Text arguments must outlive the value (string literals in practice).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "agg/aggregate.hpp"
#include "json/field_value.hpp"

namespace eddy::test_values {

inline FieldValue missing() { return FieldValue{}; }
inline FieldValue null() {
    FieldValue v;
    v.kind = JsonKind::null;
    v.raw = v.canonical = "null";
    return v;
}
inline FieldValue boolean(bool b) {
    FieldValue v;
    v.kind = JsonKind::boolean;
    v.boolean = b;
    v.raw = v.canonical = b ? "true" : "false";
    return v;
}
// An int64; text is its digits.
inline FieldValue integer(int64_t i, std::string_view text) {
    FieldValue v;
    v.kind = JsonKind::integer;
    v.integer = i;
    v.number = static_cast<double>(i);
    v.raw = v.canonical = text;
    return v;
}
// An integer in (INT64_MAX, UINT64_MAX]: only `number` holds it.
inline FieldValue uint_above_int64(double number, std::string_view text) {
    FieldValue v;
    v.kind = JsonKind::integer;
    v.integer_fits = false;
    v.number = number;
    v.raw = v.canonical = text;
    return v;
}
inline FieldValue big_integer(double number, std::string_view text) {
    FieldValue v;
    v.kind = JsonKind::big_integer;
    v.number = number;
    v.raw = v.canonical = text;
    return v;
}
inline FieldValue floating(double d, std::string_view raw, std::string_view canonical) {
    FieldValue v;
    v.kind = JsonKind::floating;
    v.number = d;
    v.raw = raw;
    v.canonical = canonical;
    return v;
}
inline FieldValue floating(double d, std::string_view text) { return floating(d, text, text); }
// content: the unescaped string; canonical: its JSON literal.
inline FieldValue string(std::string_view content, std::string_view canonical) {
    FieldValue v;
    v.kind = JsonKind::string;
    v.string = content;
    v.raw = v.canonical = canonical;
    return v;
}
inline FieldValue object(std::string_view canonical) {
    FieldValue v;
    v.kind = JsonKind::object;
    v.raw = v.canonical = canonical;
    return v;
}
inline FieldValue array(std::string_view canonical) {
    FieldValue v;
    v.kind = JsonKind::array;
    v.raw = v.canonical = canonical;
    return v;
}

// Adds values in arrival order, at times 1, 2, 3, ... and arrival 1, 2, 3, ...
template <class Agg>
void add_all(Agg& agg, std::initializer_list<FieldValue> values, AggCounters& counters) {
    int64_t i = 0;
    for (const FieldValue& v : values) {
        ++i;
        agg.add(v, EventTime(i), ArrivalSeq(static_cast<uint64_t>(i)), counters);
    }
}

template <class Agg>
std::string written(const Agg& agg, AggCounters& counters) {
    std::string out;
    agg.write(out, counters);
    return out;
}

}  // namespace eddy::test_values
