// top_k(f, k): the k most frequent non-null values (by canonical text) with their counts,
// exact up to 10,000 distinct values, then Space-Saving over 10,000 counters (docs/aggregates.md).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "agg/agg_params.hpp"
#include "core/time_types.hpp"
#include "json/field_value.hpp"
#include "state/byte_codec.hpp"

namespace eddy {

struct AggCounters;

struct TopKAgg {
    static constexpr size_t kCounters = 10000;

    TopKAgg();
    ~TopKAgg();
    TopKAgg(const TopKAgg& o);
    TopKAgg& operator=(const TopKAgg& o);
    TopKAgg(TopKAgg&&) noexcept;
    TopKAgg& operator=(TopKAgg&&) noexcept;

    void add(const FieldValue& v, EventTime, ArrivalSeq, AggCounters&);
    void add_text(std::string_view text);
    void merge(const TopKAgg& newer);
    // At most params.limit entries, by count descending then canonical text bytewise.
    void write(std::string& out, const AggParams& params, AggCounters&) const;
    // Counters sorted by text: the same counters encode to the same bytes.
    void encode(ByteWriter& w) const;
    void decode(ByteReader& r);

    size_t counters() const;
    bool is_space_saving() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;  // null until the first value: an empty window costs 8 bytes
};

}  // namespace eddy
