// Strong types for the domain's time numbers: an event time, a duration, a watermark.
// Raw int64 nanoseconds never cross a module edge; these wrappers do (cf. Redpanda's model::timestamp).
#pragma once
#include <compare>
#include <cstdint>
#include <limits>

namespace eddy {

// A signed span of time in nanoseconds.
class Duration {
public:
    constexpr Duration() = default;
    constexpr explicit Duration(int64_t ns) : ns_(ns) {}
    static constexpr Duration zero() { return Duration(0); }
    constexpr int64_t ns() const { return ns_; }
    constexpr bool is_zero() const { return ns_ == 0; }
    constexpr auto operator<=>(const Duration&) const = default;
    constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
    constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
private:
    int64_t ns_ = 0;
};

// A point in event time: nanoseconds since the Unix epoch, UTC.
// INT64_MIN and INT64_MAX are reserved for the watermark's -inf and +inf.
class EventTime {
public:
    constexpr EventTime() = default;
    constexpr explicit EventTime(int64_t ns) : ns_(ns) {}
    static constexpr EventTime min_infinity() { return EventTime(std::numeric_limits<int64_t>::min()); }
    static constexpr EventTime max_infinity() { return EventTime(std::numeric_limits<int64_t>::max()); }
    constexpr int64_t ns() const { return ns_; }
    constexpr bool is_min_infinity() const { return ns_ == std::numeric_limits<int64_t>::min(); }
    constexpr bool is_max_infinity() const { return ns_ == std::numeric_limits<int64_t>::max(); }
    constexpr auto operator<=>(const EventTime&) const = default;

    // Saturating arithmetic: the infinities absorb, finite values clamp at the int64 bounds,
    // so "end + lateness" near year 2262 never wraps around.
    constexpr EventTime operator+(Duration d) const { return EventTime(sat_add(ns_, d.ns())); }
    constexpr EventTime operator-(Duration d) const {
        return d.ns() == std::numeric_limits<int64_t>::min() ? EventTime(sat_add(sat_add(ns_, std::numeric_limits<int64_t>::max()), 1))
                                                             : EventTime(sat_add(ns_, -d.ns()));
    }

private:
    static constexpr int64_t sat_add(int64_t a, int64_t b) {
        constexpr int64_t lo = std::numeric_limits<int64_t>::min();
        constexpr int64_t hi = std::numeric_limits<int64_t>::max();
        if (a == lo || a == hi) return a;
        int64_t r = 0;
        if (__builtin_add_overflow(a, b, &r)) return b > 0 ? hi : lo;
        return r;
    }
    int64_t ns_ = 0;
};

// The source's or a stage's watermark W: it only moves forward, starts at -inf.
using Watermark = EventTime;

// Arrival order of an input event (the Nth valid record overall); ties in event time
// are broken by it (SPEC §8 rule 15).
class ArrivalSeq {
public:
    constexpr ArrivalSeq() = default;
    constexpr explicit ArrivalSeq(uint64_t v) : v_(v) {}
    constexpr uint64_t value() const { return v_; }
    constexpr auto operator<=>(const ArrivalSeq&) const = default;
private:
    uint64_t v_ = 0;
};

}  // namespace eddy
