// The dedup horizon at its boundaries (SPEC §3, rule 14): remembered until W >= first + within,
// duplicates never move the first time, "forever" never forgets.
#include <doctest/doctest.h>

#include "state/dedup_horizon.hpp"

using namespace eddy;

namespace {
constexpr int64_t S = 1'000'000'000;
}

TEST_CASE("dedup horizon: an id is remembered until W reaches first time + within, not a nanosecond longer") {
    DedupHorizon h(Duration(10 * S));
    const DedupId a = DedupId::of("[\"a\"]");
    CHECK(h.remember(a, EventTime(100 * S)));
    CHECK_FALSE(h.remember(a, EventTime(100 * S)));
    h.expire(EventTime(110 * S - 1));
    CHECK_FALSE(h.remember(a, EventTime(105 * S)));  // still there; and this does not move it
    h.expire(EventTime(110 * S));
    CHECK(h.size() == 0);
    CHECK(h.remember(a, EventTime(111 * S)));  // a new first occurrence
}

TEST_CASE("dedup horizon: a later duplicate neither refreshes nor moves the first time") {
    DedupHorizon h(Duration(10 * S));
    const DedupId a = DedupId::of("a");
    CHECK(h.remember(a, EventTime(0)));
    CHECK_FALSE(h.remember(a, EventTime(9 * S)));
    h.expire(EventTime(10 * S));  // 0 + 10 s: gone, though a duplicate came at 9 s
    CHECK(h.remember(a, EventTime(12 * S)));
}

TEST_CASE("dedup horizon: expiry follows first time + within, whatever the arrival order") {
    DedupHorizon h(Duration(10 * S));
    const DedupId a = DedupId::of("a"), b = DedupId::of("b"), c = DedupId::of("c");
    h.remember(a, EventTime(50 * S));
    h.remember(b, EventTime(20 * S));
    h.remember(c, EventTime(35 * S));
    h.expire(EventTime(45 * S));  // b (30) and c (45) expire, a (60) stays
    CHECK(h.size() == 1);
    CHECK_FALSE(h.remember(a, EventTime(0)));
    CHECK(h.remember(b, EventTime(0)));
    CHECK(h.remember(c, EventTime(0)));
}

TEST_CASE("dedup horizon: forever never forgets; ids differ by every byte") {
    DedupHorizon h(std::nullopt);
    CHECK(h.remember(DedupId::of("x"), EventTime(0)));
    h.expire(Watermark::max_infinity());
    CHECK_FALSE(h.remember(DedupId::of("x"), EventTime(0)));
    CHECK(h.remember(DedupId::of("x\r"), EventTime(0)));
    CHECK(h.remember(DedupId::of(""), EventTime(0)));
    CHECK(h.size() == 3);
}
