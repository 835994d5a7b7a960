// first(f) and last(f): the value of the lowest / highest (event time, arrival) among events
// with a non-null value (SPEC §8 rule 15), kept as canonical JSON text and printed as is.
#pragma once
#include <string>

#include "core/time_types.hpp"
#include "json/field_value.hpp"
#include "state/byte_codec.hpp"

namespace eddy {

struct AggCounters;

template <bool kLast>
struct FirstLastAgg {
    bool has = false;
    EventTime time;
    ArrivalSeq seq;
    std::string text;  // canonical JSON; its buffer is reused when a later value replaces it

    void add(const FieldValue& v, EventTime t, ArrivalSeq at, AggCounters& counters);
    void merge(const FirstLastAgg& newer);
    void write(std::string& out, AggCounters& counters) const;
    void encode(ByteWriter& w) const;
    void decode(ByteReader& r);

private:
    bool replaces(EventTime t, ArrivalSeq at) const;
};

using FirstAgg = FirstLastAgg<false>;
using LastAgg = FirstLastAgg<true>;

extern template struct FirstLastAgg<false>;
extern template struct FirstLastAgg<true>;

}  // namespace eddy
