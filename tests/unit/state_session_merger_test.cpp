// The session merger at its boundaries (SPEC §3): touching at exactly gap, gap + 1 ns apart,
// bridging merges in start order, cut sessions, generations; expected values by hand.
#include <doctest/doctest.h>

#include <vector>

#include "state/session_merger.hpp"

using namespace eddy;

namespace {
constexpr int64_t S = 1'000'000'000;
const KeyId A(1), B(2);

// Places and commits an event; returns the slot it went to. `merged` collects (into, from).
SessionMerger::Slot add(SessionMerger& m, KeyId k, int64_t t, std::vector<std::pair<uint32_t, uint32_t>>* merged = nullptr) {
    auto p = m.place(k, EventTime(t));
    return m.commit(k, EventTime(t), p, [&](uint32_t into, uint32_t from) {
        if (merged) merged->push_back({into, from});
    }).first;
}
}  // namespace

TEST_CASE("session merger: events exactly gap apart are one session, gap + 1 ns apart are two") {
    SessionMerger m(Duration(10 * S));
    const auto s1 = add(m, A, 0);
    CHECK(add(m, A, 10 * S) == s1);  // 10 s after the last event: touches end = 10 s
    CHECK(m.record(s1).start == EventTime(0));
    CHECK(m.record(s1).last == EventTime(10 * S));
    CHECK(m.record(s1).end == EventTime(20 * S));
    const auto s2 = add(m, A, 20 * S + 1);  // 1 ns past the end
    CHECK(s2 != s1);
    CHECK(m.open_count() == 2);
    // Backwards: an event gap before the start touches it; gap + 1 ns before does not.
    SessionMerger back(Duration(10 * S));
    const auto b1 = add(back, A, 100 * S);
    CHECK(add(back, A, 90 * S) == b1);
    CHECK(back.record(b1).start == EventTime(90 * S));
    CHECK(back.record(b1).end == EventTime(110 * S));
    CHECK(add(back, A, 80 * S - 1) != b1);
}

TEST_CASE("session merger: a bridging event folds the sessions in start order into the earliest") {
    SessionMerger m(Duration(10 * S));
    const auto late = add(m, A, 30 * S);
    const auto early = add(m, A, 0);
    const auto middle = add(m, A, 60 * S);
    CHECK(m.open_count() == 3);
    auto p = m.place(A, EventTime(15 * S));  // 15 > 10 misses [0,10]; 15 + 10 < 30 misses [30,40]
    CHECK(p.touched == 0);
    p = m.place(A, EventTime(10 * S));  // touches [0,10] (10 <= 10), misses [30,40] (10 + 10 < 30)
    CHECK(p.touched == 1);
    CHECK(m.place(A, EventTime(20 * S)).touched == 1);  // 20 + 10 >= 30: [30,40] only
    // A wider gap: [60,90] grows back to 50, then 25 bridges it with [0,30].
    SessionMerger w(Duration(30 * S));
    const auto x = add(w, A, 60 * S);
    const auto y = add(w, A, 0);
    CHECK(x != y);
    std::vector<std::pair<uint32_t, uint32_t>> merged;
    const auto into = add(w, A, 50 * S, &merged);  // 50 + 30 >= 60 touches x; 50 > 30 misses y
    CHECK(into == x);
    CHECK(merged.empty());
    CHECK(w.record(x).start == EventTime(50 * S));
    const auto bridged = add(w, A, 25 * S, &merged);  // 25 <= 30 touches y; 25 + 30 >= 50 touches x
    CHECK(bridged == y);  // the earliest absorbs
    REQUIRE(merged.size() == 1);
    CHECK(merged[0] == std::pair<uint32_t, uint32_t>{y, x});
    CHECK(w.record(y).start == EventTime(0));
    CHECK(w.record(y).last == EventTime(60 * S));
    CHECK(w.record(y).end == EventTime(90 * S));
    CHECK(w.open_count() == 1);
    (void)late;
    (void)early;
    (void)middle;
}

TEST_CASE("session merger: keys never touch each other's sessions") {
    SessionMerger m(Duration(10 * S));
    const auto a = add(m, A, 0);
    const auto b = add(m, B, 5 * S);
    CHECK(a != b);
    CHECK(add(m, B, 1 * S) == b);
    CHECK(m.record(a).last == EventTime(0));
    CHECK(m.record(b).start == EventTime(1 * S));
}

TEST_CASE("session merger: the placement reports bounds and the highest revision without changing state") {
    SessionMerger m(Duration(10 * S));
    const auto s1 = add(m, A, 0);
    const auto s2 = add(m, A, 25 * S);
    m.record(s1).revision = 2;
    m.record(s2).revision = 1;
    auto p = m.place(A, EventTime(15 * S));  // 15 > 10 misses [0,10]; 15 + 10 >= 25 touches [25,35]
    CHECK(p.touched == 1);
    p = m.place(A, EventTime(12 * S));  // [0,10] ends before 12; 12 + 10 < 25
    CHECK(p.touched == 0);
    p = m.place(A, EventTime(10 * S));  // [0,10]: 10 <= 10 yes; [25,35]: 10 + 10 = 20 < 25 no
    CHECK(p.touched == 1);
    CHECK(p.revision == 2);
    SessionMerger n(Duration(10 * S));
    const auto t1 = add(n, A, 0);
    const auto t2 = add(n, A, 20 * S);
    n.record(t1).revision = 2;
    n.record(t2).revision = 1;
    p = n.place(A, EventTime(10 * S));  // [0,10] and [20,30] (10 + 10 >= 20)
    CHECK(p.touched == 2);
    CHECK(p.start == EventTime(0));
    CHECK(p.last == EventTime(20 * S));
    CHECK(p.end == EventTime(30 * S));
    CHECK(p.revision == 2);
    CHECK(n.open_count() == 2);  // place() alone changes nothing
}

TEST_CASE("session merger: one timer per session; earlier ones replace later ones; freed slots' timers are stale") {
    SessionMerger m(Duration(10 * S));
    const auto s = add(m, A, 0);
    m.schedule(s, EventTime(10 * S));
    add(m, A, 5 * S);
    m.schedule(s, EventTime(15 * S));  // later than the timer it has: no second timer
    SessionMerger::Slot popped;
    CHECK_FALSE(m.pop_due(EventTime(10 * S - 1), popped));
    REQUIRE(m.pop_due(EventTime(10 * S), popped));  // pops at 10: the stage sees end 15 and sets it again
    CHECK(popped == s);
    CHECK_FALSE(m.pop_due(EventTime(100 * S), popped));  // no timer left until scheduled
    m.schedule(s, EventTime(40 * S));
    m.schedule(s, EventTime(15 * S));  // earlier: replaces the one at 40
    REQUIRE(m.pop_due(EventTime(15 * S), popped));
    CHECK_FALSE(m.pop_due(EventTime(100 * S), popped));  // the one at 40 is superseded
    // A freed slot reused by another session: the old session's timer must not fire it.
    m.schedule(s, EventTime(50 * S));
    const uint32_t g = m.record(s).generation;
    m.erase(s);
    const auto reused = add(m, B, 100 * S);
    CHECK(reused == s);
    CHECK(m.record(reused).generation != g);
    CHECK(m.record(reused).key == B);
    CHECK_FALSE(m.pop_due(EventTime(60 * S), popped));
}

TEST_CASE("session merger: cut sessions take no more events but stay in state until erased") {
    SessionMerger m(Duration(10 * S));
    const auto s = add(m, A, 0);
    CHECK(m.place(A, EventTime(5 * S)).touched == 1);
    m.cut_touched();
    CHECK(m.record(s).cut);
    CHECK(m.place(A, EventTime(5 * S)).touched == 0);
    const auto fresh = m.create(A, EventTime(5 * S));
    CHECK(fresh != s);
    CHECK(m.open_count() == 2);
    CHECK(m.earliest_start() == EventTime(0));
    m.erase(s);
    CHECK(m.earliest_start() == EventTime(5 * S));
    m.erase(fresh);
    CHECK(m.earliest_start().is_max_infinity());
}
