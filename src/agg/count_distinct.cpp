// count_distinct: looks a value up by its text view first, so a value already in the set
// costs no allocation; only a new distinct value is copied in.
#include "agg/count_distinct.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "agg/aggregate.hpp"
#include "json/number_format.hpp"

namespace eddy {

void CountDistinctAgg::add(const FieldValue& v, EventTime, ArrivalSeq, AggCounters&) {
    if (v.is_missing_or_null()) return;
    // Debian's abseil has its own string_view type (not an alias of std's).
    const absl::string_view text(v.canonical.data(), v.canonical.size());
    if (seen.find(text) == seen.end()) seen.emplace(v.canonical);
}

void CountDistinctAgg::merge(const CountDistinctAgg& newer) {
    seen.insert(newer.seen.begin(), newer.seen.end());
}

void CountDistinctAgg::write(std::string& out, AggCounters&) const {
    append_uint(out, seen.size());
}

void CountDistinctAgg::encode(ByteWriter& w) const {
    std::vector<std::string_view> sorted(seen.begin(), seen.end());
    std::sort(sorted.begin(), sorted.end());
    w.varint(sorted.size());
    for (std::string_view v : sorted) w.bytes(v);
}

void CountDistinctAgg::decode(ByteReader& r) {
    seen.clear();
    const uint64_t n = r.varint();
    for (uint64_t i = 0; i < n && !r.failed(); ++i) seen.emplace(r.bytes());
}

}  // namespace eddy
