// Window membership at the boundaries (SPEC §3): [k·slide + offset, k·slide + offset + size).
#include <doctest/doctest.h>

#include <utility>
#include <vector>

#include "ops/window_assigner.hpp"

using namespace eddy;

namespace {
constexpr int64_t S = 1'000'000'000;
std::vector<std::pair<int64_t, int64_t>> windows(const WindowAssigner& a, int64_t t) {
    std::vector<std::pair<int64_t, int64_t>> out;
    a.for_each_window(EventTime(t), [&](EventTime s, EventTime e) { out.emplace_back(s.ns(), e.ns()); });
    return out;
}
using W = std::vector<std::pair<int64_t, int64_t>>;
}  // namespace

TEST_CASE("tumbling: an event exactly at a window end belongs to the next window") {
    WindowAssigner a(Duration(60 * S), Duration(60 * S), Duration(0));
    CHECK(windows(a, 0) == W{{0, 60 * S}});
    CHECK(windows(a, 60 * S - 1) == W{{0, 60 * S}});
    CHECK(windows(a, 60 * S) == W{{60 * S, 120 * S}});
}

TEST_CASE("tumbling before the epoch floors") {
    WindowAssigner a(Duration(60 * S), Duration(60 * S), Duration(0));
    CHECK(windows(a, -1) == W{{-60 * S, 0}});
    CHECK(windows(a, -60 * S) == W{{-60 * S, 0}});
    CHECK(windows(a, -60 * S - 1) == W{{-120 * S, -60 * S}});
}

TEST_CASE("tumbling with an offset") {
    // 1h windows offset by 15m: [..., 00:15, 01:15, ...)
    WindowAssigner a(Duration(3600 * S), Duration(3600 * S), Duration(900 * S));
    CHECK(windows(a, 900 * S) == W{{900 * S, 4500 * S}});
    CHECK(windows(a, 900 * S - 1) == W{{-2700 * S, 900 * S}});
}

TEST_CASE("sliding: size 10s slide 5s gives two windows, latest start first") {
    WindowAssigner a(Duration(10 * S), Duration(5 * S), Duration(0));
    CHECK(windows(a, 7 * S) == W{{5 * S, 15 * S}, {0, 10 * S}});
    CHECK(windows(a, 10 * S) == W{{10 * S, 20 * S}, {5 * S, 15 * S}});
}

TEST_CASE("sliding: a slide that does not divide the size gives 3 or 4 windows") {
    // size 10s, slide 3s: starts 0,3,6,9,...; t=9s is in [0,10) [3,13) [6,16) [9,19)
    WindowAssigner a(Duration(10 * S), Duration(3 * S), Duration(0));
    CHECK(windows(a, 9 * S) == W{{9 * S, 19 * S}, {6 * S, 16 * S}, {3 * S, 13 * S}, {0, 10 * S}});
    // t=10s: [3,13) [6,16) [9,19); [0,10) excludes its end
    CHECK(windows(a, 10 * S) == W{{9 * S, 19 * S}, {6 * S, 16 * S}, {3 * S, 13 * S}});
}

TEST_CASE("sliding with slide > size: an event in a hole belongs to no window") {
    // size 5s, slide 10s: windows [0,5) [10,15) ...; 7s falls in the hole
    WindowAssigner a(Duration(5 * S), Duration(10 * S), Duration(0));
    CHECK(windows(a, 7 * S).empty());
    CHECK(windows(a, 4 * S) == W{{0, 5 * S}});
    CHECK(windows(a, 5 * S).empty());
    CHECK(windows(a, 10 * S) == W{{10 * S, 15 * S}});
}
