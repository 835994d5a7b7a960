// collect(f, limit): the window's first `limit` non-null values in (event time, arrival) order
// (SPEC §8 rule 15), printed as a JSON array of their canonical texts (docs/aggregates.md).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agg/agg_params.hpp"
#include "core/time_types.hpp"
#include "json/field_value.hpp"
#include "state/byte_codec.hpp"

namespace eddy {

struct AggCounters;

struct CollectAgg {
    // The plan's limit; decode keeps it, so a state is always made from the plan first.
    explicit CollectAgg(int64_t limit) : limit_(limit) {}

    void add(const FieldValue& v, EventTime t, ArrivalSeq seq, AggCounters&);
    void add_text(std::string_view text, EventTime t, ArrivalSeq seq);
    void merge(const CollectAgg& newer);
    void write(std::string& out, const AggParams&, AggCounters&) const;
    // In output order: the same values encode to the same bytes whatever their arrival order.
    void encode(ByteWriter& w) const;
    void decode(ByteReader& r);

    int64_t limit() const { return limit_; }
    size_t size() const { return kept_.size(); }

    struct Item {
        EventTime time;
        ArrivalSeq seq;
        std::string text;
    };

private:
    // A max-heap on (time, arrival, text): once full, the latest kept value is the one a newer
    // earlier value replaces, in O(log limit) however far out of order events arrive.
    std::vector<Item> kept_;
    int64_t limit_;
};

}  // namespace eddy
