// quantile(f, q): the value at index floor(q·(n−1)) of the window's sorted numbers, exact while
// it holds at most 128 of them, then a DDSketch estimate within 1 % (docs/aggregates.md).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "agg/agg_params.hpp"
#include "core/time_types.hpp"
#include "json/field_value.hpp"
#include "state/byte_codec.hpp"

namespace eddy {

struct AggCounters;

struct QuantileAgg {
    static constexpr size_t kMaxExact = 128;
    static constexpr int32_t kMaxBuckets = 2048;  // per sign: a magnitude ratio of about 10^17

    QuantileAgg();
    ~QuantileAgg();
    QuantileAgg(const QuantileAgg& o);
    QuantileAgg& operator=(const QuantileAgg& o);
    QuantileAgg(QuantileAgg&&) noexcept;
    QuantileAgg& operator=(QuantileAgg&&) noexcept;

    void add(const FieldValue& v, EventTime, ArrivalSeq, AggCounters& counters);
    void add_number(double x);
    void merge(const QuantileAgg& newer);
    // q comes at write time: several quantile(f, q) calls of one field share this state.
    void write(std::string& out, const AggParams& params, AggCounters& counters) const;
    void encode(ByteWriter& w) const;
    void decode(ByteReader& r);

    uint64_t count() const;
    bool is_sketch() const { return sketch_ != nullptr; }
    // The target of q (exact) or its estimate; requires count() > 0.
    double quantile(double q) const;

    struct Sketch;

private:
    void to_sketch();

    std::vector<double> exact_;       // unsorted; emptied for good once the sketch exists
    std::unique_ptr<Sketch> sketch_;
};

}  // namespace eddy
