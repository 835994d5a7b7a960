// count(): the number of events added to a window, whatever their fields hold (SPEC §2).
// Header-only: its operations are one add each.
#pragma once
#include <cstdint>
#include <string>

#include "core/time_types.hpp"
#include "json/field_value.hpp"
#include "json/number_format.hpp"
#include "state/byte_codec.hpp"

namespace eddy {

struct AggCounters;

struct CountAgg {
    uint64_t n = 0;

    void add(const FieldValue&, EventTime, ArrivalSeq, AggCounters&) { ++n; }
    void merge(const CountAgg& newer) { n += newer.n; }
    void write(std::string& out, AggCounters&) const { append_uint(out, n); }
    void encode(ByteWriter& w) const { w.varint(n); }
    void decode(ByteReader& r) { n = r.varint(); }
};

}  // namespace eddy
