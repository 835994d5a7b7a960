// approx_distinct: a sorted hash list that turns into 2^14 HyperLogLog registers past 1,024
// distinct hashes. A state depends only on the set of hashes added, so merges are exact unions.
#include "agg/approx_distinct.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <iterator>
#include <limits>

#include <xxhash.h>

#include "agg/agg_counters.hpp"
#include "json/number_format.hpp"

namespace eddy {

namespace {

enum : uint8_t { kTagSparse = 0, kTagDense = 1 };

// Ertl 2017, "New cardinality estimation algorithms for HyperLogLog sketches", Algorithm 6.
double ertl_sigma(double x) {
    if (x == 1.0) return std::numeric_limits<double>::infinity();
    double y = 1.0;
    double z = x;
    double z_prev = 0;
    do {
        x *= x;
        z_prev = z;
        z += x * y;
        y += y;
    } while (z != z_prev);
    return z;
}

double ertl_tau(double x) {
    if (x == 0.0 || x == 1.0) return 0.0;
    double y = 1.0;
    double z = 1.0 - x;
    double z_prev = 0;
    do {
        x = std::sqrt(x);
        z_prev = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
    } while (z != z_prev);
    return z / 3.0;
}

}  // namespace

ApproxDistinctAgg::ApproxDistinctAgg(const ApproxDistinctAgg& o)
    : sparse_(o.sparse_), registers_(o.registers_ ? std::make_unique<Registers>(*o.registers_) : nullptr) {}

ApproxDistinctAgg& ApproxDistinctAgg::operator=(const ApproxDistinctAgg& o) {
    if (this != &o) {
        ApproxDistinctAgg copy(o);
        *this = std::move(copy);
    }
    return *this;
}

void ApproxDistinctAgg::add(const FieldValue& v, EventTime, ArrivalSeq, AggCounters&) {
    if (v.is_missing_or_null()) return;
    add_hash(XXH3_64bits(v.canonical.data(), v.canonical.size()));
}

void ApproxDistinctAgg::add_hash(uint64_t h) {
    if (registers_) {
        // High bits pick the register, so the rank's bits stay independent of the index.
        uint8_t& reg = (*registers_)[h >> (64 - kPrecision)];
        const uint64_t rest = h & ((uint64_t{1} << (64 - kPrecision)) - 1);
        // countl_zero(0) == 64 gives the top rank 51 for an all-zero remainder, as Ertl's q + 1.
        const auto rank = static_cast<uint8_t>(std::countl_zero(rest) - kPrecision + 1);
        if (rank > reg) reg = rank;
        return;
    }
    auto it = std::lower_bound(sparse_.begin(), sparse_.end(), h);
    if (it != sparse_.end() && *it == h) return;
    if (sparse_.size() < kMaxSparse) {
        sparse_.insert(it, h);
        return;
    }
    to_dense();
    add_hash(h);
}

void ApproxDistinctAgg::to_dense() {
    registers_ = std::make_unique<Registers>();
    registers_->fill(0);
    std::vector<uint64_t> hashes;
    hashes.swap(sparse_);  // frees the list's memory, not just its size
    for (uint64_t h : hashes) add_hash(h);
}

void ApproxDistinctAgg::merge(const ApproxDistinctAgg& newer) {
    if (newer.registers_) {
        if (!registers_) to_dense();
        for (size_t i = 0; i < kRegisters; ++i) (*registers_)[i] = std::max((*registers_)[i], (*newer.registers_)[i]);
        return;
    }
    if (registers_) {
        for (uint64_t h : newer.sparse_) add_hash(h);
        return;
    }
    std::vector<uint64_t> all;
    all.reserve(sparse_.size() + newer.sparse_.size());
    std::set_union(sparse_.begin(), sparse_.end(), newer.sparse_.begin(), newer.sparse_.end(), std::back_inserter(all));
    if (all.size() <= kMaxSparse) {
        sparse_.swap(all);
        return;
    }
    sparse_.clear();
    sparse_.shrink_to_fit();
    registers_ = std::make_unique<Registers>();
    registers_->fill(0);
    for (uint64_t h : all) add_hash(h);
}

double ApproxDistinctAgg::estimate() const {
    if (!registers_) return static_cast<double>(sparse_.size());
    std::array<uint32_t, kMaxRank + 1> histogram{};
    for (uint8_t r : *registers_) ++histogram[r];
    const double m = static_cast<double>(kRegisters);
    const int q = 64 - kPrecision;
    double z = m * ertl_tau(1.0 - histogram[q + 1] / m);
    for (int k = q; k >= 1; --k) z = 0.5 * (z + histogram[k]);
    z += m * ertl_sigma(histogram[0] / m);
    const double alpha_inf = 1.0 / (2.0 * std::log(2.0));
    return alpha_inf * m * m / z;
}

void ApproxDistinctAgg::write(std::string& out, const AggParams&, AggCounters&) const {
    if (!registers_) {
        append_uint(out, sparse_.size());
        return;
    }
    append_uint(out, static_cast<uint64_t>(std::llround(estimate())));
}

// Dense registers are 6 bits each (ranks 0..51), four to three bytes: 12 KiB instead of 16.
void ApproxDistinctAgg::encode(ByteWriter& w) const {
    if (!registers_) {
        w.u8(kTagSparse);
        w.varint(sparse_.size());
        for (uint64_t h : sparse_) w.fixed64(h);
        return;
    }
    w.u8(kTagDense);
    const Registers& regs = *registers_;
    for (size_t i = 0; i < kRegisters; i += 4) {
        const uint32_t packed = uint32_t{regs[i]} << 18 | uint32_t{regs[i + 1]} << 12 | uint32_t{regs[i + 2]} << 6 |
                                uint32_t{regs[i + 3]};
        w.u8(static_cast<uint8_t>(packed >> 16));
        w.u8(static_cast<uint8_t>(packed >> 8));
        w.u8(static_cast<uint8_t>(packed));
    }
}

void ApproxDistinctAgg::decode(ByteReader& r) {
    sparse_.clear();
    registers_.reset();
    const uint8_t tag = r.u8();
    if (tag == kTagSparse) {
        const uint64_t n = r.varint();
        if (n > kMaxSparse) return r.invalidate();
        sparse_.reserve(n);
        for (uint64_t i = 0; i < n && !r.failed(); ++i) {
            const uint64_t h = r.fixed64();
            // Strictly increasing: anything else is not a state this code wrote.
            if (!sparse_.empty() && h <= sparse_.back()) return r.invalidate();
            sparse_.push_back(h);
        }
        return;
    }
    if (tag != kTagDense) return r.invalidate();
    auto regs = std::make_unique<Registers>();
    for (size_t i = 0; i < kRegisters && !r.failed(); i += 4) {
        const uint32_t packed = uint32_t{r.u8()} << 16 | uint32_t{r.u8()} << 8 | uint32_t{r.u8()};
        for (size_t j = 0; j < 4; ++j) {
            const auto rank = static_cast<uint8_t>((packed >> (18 - 6 * j)) & 0x3f);
            if (rank > kMaxRank) return r.invalidate();
            (*regs)[i + j] = rank;
        }
    }
    if (r.failed()) return;
    registers_ = std::move(regs);
}

}  // namespace eddy
