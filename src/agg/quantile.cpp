// quantile: a value list up to 128, then a DDSketch (Masson et al. 2019) whose stores collapse
// their lowest buckets. A state depends only on the multiset added, so merges equal the union.
#include "agg/quantile.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <limits>

#include "agg/agg_counters.hpp"
#include "agg/sum.hpp"
#include "json/number_format.hpp"

namespace eddy {

namespace {

enum : uint8_t { kTagExact = 0, kTagSketch = 1 };

constexpr double kAlpha = 0.01;
constexpr double kGamma = (1.0 + kAlpha) / (1.0 - kAlpha);
const double kLogGamma = std::log(kGamma);
// Bucket k holds magnitudes in (γ^(k−1), γ^k]; 2γ^k/(γ+1) is within α of both ends.
const double kLogRepresentativeFactor = std::log(2.0 / (kGamma + 1.0));

int32_t bucket_index(double magnitude) {
    // +Inf (a huge big integer read as a double) shares the largest finite bucket; min/max
    // still hold it exactly.
    if (!(magnitude <= DBL_MAX)) magnitude = DBL_MAX;
    return static_cast<int32_t>(std::ceil(std::log(magnitude) / kLogGamma));
}

double bucket_value(int32_t k) { return std::exp(static_cast<double>(k) * kLogGamma + kLogRepresentativeFactor); }

const int32_t kMinIndex = bucket_index(std::numeric_limits<double>::denorm_min());
const int32_t kMaxIndex = bucket_index(DBL_MAX);

// -0.0 before 0.0, so sorting and min/max do not depend on arrival order.
bool total_less(double a, double b) { return a < b || (a == b && std::signbit(a) && !std::signbit(b)); }

// Counts of consecutive bucket indexes [offset, offset + size). Keeps at most kMaxBuckets by
// folding the lowest indexes (the magnitudes nearest zero) into the lowest kept one. Where a
// value lands depends only on it and the largest index ever seen, hence order-free merges.
struct BucketStore {
    int32_t offset = 0;
    std::vector<uint64_t> counts;

    bool empty() const { return counts.empty(); }
    int32_t top() const { return offset + static_cast<int32_t>(counts.size()) - 1; }

    // Makes the store span [lo, hi] as far as the bucket limit allows.
    void cover(int32_t lo, int32_t hi) {
        if (counts.empty()) {
            offset = std::max(lo, hi - (QuantileAgg::kMaxBuckets - 1));
            counts.assign(static_cast<size_t>(hi - offset + 1), 0);
            return;
        }
        const int32_t cur_lo = offset;
        const int32_t cur_hi = top();
        const int32_t new_hi = std::max(cur_hi, hi);
        const int32_t new_lo = std::max(std::min(cur_lo, lo), new_hi - (QuantileAgg::kMaxBuckets - 1));
        if (new_lo == cur_lo && new_hi == cur_hi) return;
        // Fold before growing, so the array never exceeds the limit and its capacity stays
        // within 2048 counts rather than doubling past it.
        if (new_lo > cur_lo) {
            const auto folded = std::min(static_cast<size_t>(new_lo - cur_lo), counts.size());
            uint64_t sum = 0;
            for (size_t i = 0; i < folded; ++i) sum += counts[i];
            counts.erase(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(folded));
            if (counts.empty()) counts.push_back(0);  // every old bucket lies below new_lo
            counts[0] += sum;
        }
        const auto size = static_cast<size_t>(new_hi - new_lo + 1);
        if (size > counts.capacity()) {
            counts.reserve(std::min(std::max(size, 2 * counts.capacity()), static_cast<size_t>(QuantileAgg::kMaxBuckets)));
        }
        if (new_lo < cur_lo) counts.insert(counts.begin(), static_cast<size_t>(cur_lo - new_lo), 0);
        counts.resize(size, 0);
        offset = new_lo;
    }

    void add(int32_t k, uint64_t c) {
        cover(k, k);
        counts[static_cast<size_t>(std::max(k, offset) - offset)] += c;
    }

    void merge(const BucketStore& o) {
        if (o.empty()) return;
        cover(o.offset, o.top());
        for (size_t i = 0; i < o.counts.size(); ++i) {
            if (o.counts[i] == 0) continue;
            const int32_t k = o.offset + static_cast<int32_t>(i);
            counts[static_cast<size_t>(std::max(k, offset) - offset)] += o.counts[i];
        }
    }

    void encode(ByteWriter& w) const {
        w.varint(counts.size());
        if (counts.empty()) return;
        w.svarint(offset);
        for (uint64_t c : counts) w.varint(c);
    }

    // Returns the total count, 0 after invalidating the reader.
    uint64_t decode(ByteReader& r) {
        counts.clear();
        const uint64_t n = r.varint();
        if (n == 0) return 0;
        if (n > static_cast<uint64_t>(QuantileAgg::kMaxBuckets)) return r.invalidate(), 0;
        const int64_t off = r.svarint();
        if (off < kMinIndex || off + static_cast<int64_t>(n) - 1 > kMaxIndex) return r.invalidate(), 0;
        offset = static_cast<int32_t>(off);
        counts.reserve(n);
        uint64_t total = 0;
        for (uint64_t i = 0; i < n && !r.failed(); ++i) {
            const uint64_t c = r.varint();
            if (__builtin_add_overflow(total, c, &total)) return r.invalidate(), 0;
            counts.push_back(c);
        }
        if (r.failed()) return 0;
        // The store never keeps empty buckets at its ends.
        if (counts.front() == 0 || counts.back() == 0) return r.invalidate(), 0;
        return total;
    }
};

}  // namespace

struct QuantileAgg::Sketch {
    uint64_t n = 0;
    uint64_t zeros = 0;
    double min = 0;
    double max = 0;
    BucketStore positive;
    BucketStore negative;  // by magnitude

    void add(double x) {
        note_extremes(x, x);
        ++n;
        if (x > 0) positive.add(bucket_index(x), 1);
        else if (x < 0) negative.add(bucket_index(-x), 1);
        else ++zeros;
    }

    void note_extremes(double lo, double hi) {
        if (n == 0) {
            min = lo;
            max = hi;
            return;
        }
        if (total_less(lo, min)) min = lo;
        if (total_less(max, hi)) max = hi;
    }

    void merge(const Sketch& o) {
        if (o.n == 0) return;
        note_extremes(o.min, o.max);
        n += o.n;
        zeros += o.zeros;
        positive.merge(o.positive);
        negative.merge(o.negative);
    }

    double at_rank(uint64_t rank) const {
        if (rank == 0) return min;
        if (rank >= n - 1) return max;
        double v = max;
        uint64_t seen = 0;
        bool found = false;
        // Ascending value order: negatives from the largest magnitude, zeros, positives.
        for (size_t i = negative.counts.size(); i-- > 0 && !found;) {
            seen += negative.counts[i];
            if (seen > rank) {
                v = -bucket_value(negative.offset + static_cast<int32_t>(i));
                found = true;
            }
        }
        if (!found) {
            seen += zeros;
            if (seen > rank) {
                v = 0.0;
                found = true;
            }
        }
        for (size_t i = 0; i < positive.counts.size() && !found; ++i) {
            seen += positive.counts[i];
            if (seen > rank) {
                v = bucket_value(positive.offset + static_cast<int32_t>(i));
                found = true;
            }
        }
        return std::clamp(v, min, max);
    }
};

QuantileAgg::QuantileAgg() = default;
QuantileAgg::~QuantileAgg() = default;
QuantileAgg::QuantileAgg(QuantileAgg&&) noexcept = default;
QuantileAgg& QuantileAgg::operator=(QuantileAgg&&) noexcept = default;

QuantileAgg::QuantileAgg(const QuantileAgg& o)
    : exact_(o.exact_), sketch_(o.sketch_ ? std::make_unique<Sketch>(*o.sketch_) : nullptr) {}

QuantileAgg& QuantileAgg::operator=(const QuantileAgg& o) {
    if (this != &o) {
        QuantileAgg copy(o);
        *this = std::move(copy);
    }
    return *this;
}

void QuantileAgg::add(const FieldValue& v, EventTime, ArrivalSeq, AggCounters& counters) {
    const NumberInput n = read_number(v);
    switch (n.kind) {
        case NumberInput::Kind::none: return;
        case NumberInput::Kind::wrong: ++counters.wrong_type; return;
        case NumberInput::Kind::integer: add_number(static_cast<double>(n.integer)); return;
        case NumberInput::Kind::floating:
        case NumberInput::Kind::wide: add_number(n.number); return;
    }
}

void QuantileAgg::add_number(double x) {
    if (std::isnan(x)) return;  // JSON has no NaN; nothing the reader makes can be one
    if (sketch_) {
        sketch_->add(x);
    } else if (exact_.size() < kMaxExact) {
        exact_.push_back(x);
    } else {
        to_sketch();
        sketch_->add(x);
    }
}

void QuantileAgg::to_sketch() {
    sketch_ = std::make_unique<Sketch>();
    for (double x : exact_) sketch_->add(x);
    std::vector<double>().swap(exact_);
}

void QuantileAgg::merge(const QuantileAgg& newer) {
    if (newer.count() == 0) return;
    if (!sketch_ && !newer.sketch_ && exact_.size() + newer.exact_.size() <= kMaxExact) {
        exact_.insert(exact_.end(), newer.exact_.begin(), newer.exact_.end());
        return;
    }
    if (!sketch_) to_sketch();
    if (newer.sketch_) sketch_->merge(*newer.sketch_);
    else for (double x : newer.exact_) sketch_->add(x);
}

uint64_t QuantileAgg::count() const { return sketch_ ? sketch_->n : exact_.size(); }

double QuantileAgg::quantile(double q) const {
    const uint64_t n = count();
    if (!(q >= 0)) q = 0;  // also NaN
    if (q > 1) q = 1;
    // In doubles, like numpy's method="lower": floor(0.29 * 100) is 28 there too.
    auto rank = static_cast<uint64_t>(std::floor(q * static_cast<double>(n - 1)));
    if (rank > n - 1) rank = n - 1;
    if (sketch_) return sketch_->at_rank(rank);
    std::array<double, kMaxExact> sorted;
    std::copy(exact_.begin(), exact_.end(), sorted.begin());
    const auto end = sorted.begin() + static_cast<std::ptrdiff_t>(n);
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank), end, total_less);
    return sorted[rank];
}

void QuantileAgg::write(std::string& out, const AggParams& params, AggCounters& counters) const {
    if (count() == 0) {
        out.append("null");
        return;
    }
    if (!append_double(out, quantile(params.quantile))) ++counters.non_finite;
}

void QuantileAgg::encode(ByteWriter& w) const {
    if (!sketch_) {
        std::array<double, kMaxExact> sorted;
        std::copy(exact_.begin(), exact_.end(), sorted.begin());
        std::sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(exact_.size()), total_less);
        w.u8(kTagExact);
        w.varint(exact_.size());
        for (size_t i = 0; i < exact_.size(); ++i) w.f64(sorted[i]);
        return;
    }
    const Sketch& s = *sketch_;
    w.u8(kTagSketch);
    w.varint(s.n);
    w.f64(s.min);
    w.f64(s.max);
    w.varint(s.zeros);
    s.positive.encode(w);
    s.negative.encode(w);
}

void QuantileAgg::decode(ByteReader& r) {
    exact_.clear();
    sketch_.reset();
    const uint8_t tag = r.u8();
    if (tag == kTagExact) {
        const uint64_t n = r.varint();
        if (n > kMaxExact) return r.invalidate();
        exact_.reserve(n);
        for (uint64_t i = 0; i < n && !r.failed(); ++i) {
            const double x = r.f64();
            if (std::isnan(x) || (!exact_.empty() && total_less(x, exact_.back()))) return r.invalidate();
            exact_.push_back(x);
        }
        return;
    }
    if (tag != kTagSketch) return r.invalidate();
    auto s = std::make_unique<Sketch>();
    s->n = r.varint();
    s->min = r.f64();
    s->max = r.f64();
    s->zeros = r.varint();
    const uint64_t pos = s->positive.decode(r);
    const uint64_t neg = s->negative.decode(r);
    if (r.failed()) return;
    uint64_t total = 0;
    if (__builtin_add_overflow(s->zeros, pos, &total) || __builtin_add_overflow(total, neg, &total) ||
        total != s->n || s->n <= kMaxExact || std::isnan(s->min) || std::isnan(s->max) || total_less(s->max, s->min))
        return r.invalidate();
    sketch_ = std::move(s);
}

}  // namespace eddy
