// approx_distinct(f): the number of distinct non-null values (by canonical text), exact while
// a window holds at most 1,024 of them, then a HyperLogLog estimate (docs/aggregates.md).
#pragma once
#include <array>
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

struct ApproxDistinctAgg {
    static constexpr size_t kMaxSparse = 1024;
    static constexpr int kPrecision = 14;
    static constexpr size_t kRegisters = size_t{1} << kPrecision;
    // Ranks come from the 64 - 14 = 50 hash bits left after the register index: 1..51.
    static constexpr int kMaxRank = 64 - kPrecision + 1;
    using Registers = std::array<uint8_t, kRegisters>;

    ApproxDistinctAgg() = default;
    ApproxDistinctAgg(const ApproxDistinctAgg& o);
    ApproxDistinctAgg& operator=(const ApproxDistinctAgg& o);
    ApproxDistinctAgg(ApproxDistinctAgg&&) noexcept = default;
    ApproxDistinctAgg& operator=(ApproxDistinctAgg&&) noexcept = default;

    void add(const FieldValue& v, EventTime, ArrivalSeq, AggCounters&);
    void merge(const ApproxDistinctAgg& newer);
    void write(std::string& out, const AggParams&, AggCounters&) const;
    void encode(ByteWriter& w) const;
    void decode(ByteReader& r);

    bool is_dense() const { return registers_ != nullptr; }
    // The HyperLogLog estimate (Ertl's improved estimator); the exact count while sparse.
    double estimate() const;

private:
    void add_hash(uint64_t h);
    void to_dense();

    // Sorted, unique; emptied for good once the registers exist.
    std::vector<uint64_t> sparse_;
    std::unique_ptr<Registers> registers_;
};

}  // namespace eddy
