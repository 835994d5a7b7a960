// count_distinct(f): the exact number of distinct non-null values, told apart by their
// canonical JSON text (SPEC §8 rule 16), so 1.5 and 1.50 are one value and 1 and 1.0 two.
#pragma once
#include <string>

#include <absl/container/flat_hash_set.h>

#include "core/time_types.hpp"
#include "json/field_value.hpp"
#include "state/byte_codec.hpp"

namespace eddy {

struct AggCounters;

struct CountDistinctAgg {
    absl::flat_hash_set<std::string> seen;

    void add(const FieldValue& v, EventTime, ArrivalSeq, AggCounters&);
    void merge(const CountDistinctAgg& newer);
    void write(std::string& out, AggCounters&) const;
    // Values in sorted order: the same set encodes to the same bytes.
    void encode(ByteWriter& w) const;
    void decode(ByteReader& r);
};

}  // namespace eddy
