// avg(f): the sum kept per sum's rules, divided as a double by the count of usable values;
// always a float (SPEC §8 rule 17).
#pragma once
#include <string>

#include "agg/sum.hpp"

namespace eddy {

struct AvgAgg {
    SumAgg sum;

    void add(const FieldValue& v, EventTime t, ArrivalSeq seq, AggCounters& counters) {
        sum.add(v, t, seq, counters);
    }
    void merge(const AvgAgg& newer) { sum.merge(newer.sum); }
    void write(std::string& out, AggCounters& counters) const;
    void encode(ByteWriter& w) const { sum.encode(w); }
    void decode(ByteReader& r) { sum.decode(r); }
};

}  // namespace eddy
