// Session windows, sessionize and dedup driven directly with events and watermarks (SPEC §3,
// rules 14, 22, 24; docs/stateful-stages.md); expected rows and records written by hand.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <xxhash.h>

#include "ops/dedup.hpp"
#include "ops/session_window.hpp"
#include "ops/sessionize.hpp"
#include "stage_capture.hpp"

using namespace eddy;

namespace {
constexpr int64_t S = 1'000'000'000;

struct Driver {
    KeyTable keys;
    AggCounters agg;
    StageCapture cap;
    std::unique_ptr<Stage> stage;
    FieldValue fields[1];
    uint64_t seq = 0;
    void event(int64_t t, const std::string& k, std::string_view record = "{}") {
        Event e{EventTime(t), ArrivalSeq(++seq), intern_key(keys, k), record, fields};
        stage->on_event(e, cap);
    }
    void advance(int64_t w) { stage->on_watermark(EventTime(w), cap); }
};

std::unique_ptr<Driver> session_windows(Duration gap, Duration lateness) {
    auto d = std::make_unique<Driver>();
    WindowStageConfig c;
    c.spec.type = WindowType::session;
    c.spec.gap = gap;
    AggSpec count;
    count.name = "n";
    count.kind = AggKind::count;
    c.spec.aggregates.push_back(count);
    c.agg_slots.push_back(FieldSlot());
    c.layout = AggLayout::of(c.spec.aggregates);
    c.key_names = {"k"};
    c.allowed_lateness = lateness;
    c.time_format = OutputTimeFormat::epoch_s;
    d->stage = std::make_unique<SessionWindowStage>(c, d->keys, d->cap, d->agg);
    return d;
}

std::unique_ptr<Driver> sessionize(Duration gap, std::optional<Duration> max_duration = std::nullopt) {
    auto d = std::make_unique<Driver>();
    SessionizeSpec spec;
    spec.gap = gap;
    spec.max_duration = max_duration;
    d->stage = std::make_unique<SessionizeStage>(spec, d->keys, d->cap);
    return d;
}

std::string session_id(const std::string& key_text, int64_t start_ns) {
    const std::string in = key_text + "@" + std::to_string(start_ns);
    return fmt::format("{:016x}", XXH3_64bits(in.data(), in.size()));
}
}  // namespace

TEST_CASE("session window: a bridging event merges two sessions; the row fires at last + gap") {
    auto d = session_windows(Duration(10 * S), Duration(0));
    d->event(0, "a");
    d->event(25 * S, "a");
    d->advance(5 * S);
    d->event(12 * S, "a");  // 12 <= 10? no. touches [25,35] only (12 + 10 < 25? yes, 22 < 25: none)
    d->event(15 * S, "a");  // touches [12,22] and [25,35] (15 + 10 >= 25) and not [0,10]
    d->event(10 * S, "a");  // 10 <= 10 touches [0,10]; 10 + 10 >= 12 touches [12,35]: all one
    d->advance(34 * S);
    CHECK(d->cap.rows.empty());
    d->advance(35 * S);  // end = last 25 + gap 10
    REQUIRE(d->cap.rows.size() == 1);
    CHECK(d->cap.rows[0] == R"({"k":"a","window_start":0,"window_end":35,"n":5})");
    CHECK(d->cap.row_times[0] == 35 * S - 1);
    CHECK(d->stage->open_state() == 0);
}

TEST_CASE("session window: revisions 1, 2, 3 under lateness, then a late event") {
    auto d = session_windows(Duration(10 * S), Duration(20 * S));
    d->event(0, "a");
    d->event(4 * S, "a");
    d->advance(14 * S);    // fires [0,14) revision 1
    d->event(2 * S, "a");  // inside the fired session, end unchanged: re-emitted at once, revision 2
    d->advance(14 * S);
    d->event(8 * S, "a");  // last 8: end 18 > W 14: prints when W reaches 18, revision 3
    d->advance(17 * S);
    REQUIRE(d->cap.rows.size() == 2);
    d->advance(18 * S);
    d->advance(38 * S);    // 18 + 20: forgotten
    d->event(5 * S, "a");  // would form [5,15): 38 >= 15 + 20: late
    d->advance(38 * S);
    REQUIRE(d->cap.rows.size() == 3);
    CHECK(d->cap.rows[0] == R"({"k":"a","window_start":0,"window_end":14,"n":2,"revision":1})");
    CHECK(d->cap.rows[1] == R"({"k":"a","window_start":0,"window_end":14,"n":3,"revision":2})");
    CHECK(d->cap.rows[2] == R"({"k":"a","window_start":0,"window_end":18,"n":4,"revision":3})");
    CHECK(d->cap.late == std::vector<int64_t>{5 * S});
    CHECK(d->stage->open_state() == 0);
}

TEST_CASE("session window: merging a fired session (revision 2) with unfired ones prints revision 3 at the new end") {
    auto d = session_windows(Duration(10 * S), Duration(100 * S));
    d->event(0, "a");
    d->event(5 * S, "a");
    d->advance(15 * S);     // [0,15) revision 1
    d->event(3 * S, "a");   // inside: revision 2 at once
    d->event(40 * S, "a");  // [40,50), unfired
    d->advance(25 * S);
    d->event(24 * S, "a");  // misses [0,15) (24 > 15) and [40,50) (34 < 40): [24,34)
    d->event(15 * S, "a");  // touches [0,15) (15 <= 15) and [24,34) (25 >= 24): [0,34), 34 > W 25: pending
    d->event(30 * S, "a");  // touches [0,34) and [40,50) (40 >= 40): [0,50)
    d->advance(49 * S);
    REQUIRE(d->cap.rows.size() == 2);
    d->advance(50 * S);
    REQUIRE(d->cap.rows.size() == 3);
    CHECK(d->cap.rows[2] == R"({"k":"a","window_start":0,"window_end":50,"n":7,"revision":3})");
}

TEST_CASE("session window: a stale fire timer of a merged-away session fires nothing") {
    auto d = session_windows(Duration(10 * S), Duration(0));
    d->event(0, "a");       // timer at 10
    d->event(8 * S, "a");   // end moves to 18: the timer at 10 is stale
    d->event(100 * S, "b");
    d->advance(10 * S);
    CHECK(d->cap.rows.empty());
    d->advance(18 * S);
    REQUIRE(d->cap.rows.size() == 1);
    CHECK(d->cap.rows[0] == R"({"k":"a","window_start":0,"window_end":18,"n":2})");
}

TEST_CASE("sessionize: events in (time, arrival) order with id and seq; sessions in (end, key, start) order") {
    auto d = sessionize(Duration(10 * S));
    d->event(5 * S, "b", R"({"i":1})");
    d->event(0, "a", R"({"i":2})");
    d->event(3 * S, "a", R"({"i":3} )");
    d->event(0, "a", "{}\r");
    d->advance(15 * S);  // b ends at 15, a at 13: both fire, a first
    REQUIRE(d->cap.rows.size() == 4);
    const std::string a = session_id("[\"a\"]", 0), b = session_id("[\"b\"]", 5 * S);
    CHECK(d->cap.rows[0] == R"({"i":2,"session_id":")" + a + R"(","session_seq":1})");
    CHECK(d->cap.rows[1] == "{\"session_id\":\"" + a + "\",\"session_seq\":2}\r");
    CHECK(d->cap.rows[2] == R"({"i":3,"session_id":")" + a + R"(","session_seq":3} )");
    CHECK(d->cap.rows[3] == R"({"i":1,"session_id":")" + b + R"(","session_seq":1})");
    CHECK(d->cap.row_times == std::vector<int64_t>{0, 0, 3 * S, 5 * S});
}

TEST_CASE("sessionize: max_duration cuts the touched session and starts a new one at the event") {
    auto d = sessionize(Duration(10 * S), Duration(20 * S));
    d->event(0, "a");
    d->event(10 * S, "a");
    d->event(20 * S, "a");  // span exactly 20: allowed
    d->event(25 * S, "a");  // span 25 > 20: [0,30] is cut, [25,35] starts
    d->event(22 * S, "a");  // touches only [25,35] (the cut one is out of reach): [22,35]
    d->advance(30 * S);     // the cut session fires at its end, 30
    REQUIRE(d->cap.rows.size() == 3);
    CHECK(d->cap.row_times == std::vector<int64_t>{0, 10 * S, 20 * S});
    d->advance(35 * S);
    REQUIRE(d->cap.rows.size() == 5);
    const std::string second = session_id("[\"a\"]", 22 * S);
    CHECK(d->cap.rows[3] == "{\"session_id\":\"" + second + "\",\"session_seq\":1}");
    CHECK(d->cap.row_times[3] == 22 * S);
}

TEST_CASE("sessionize: the forwarded W is held back to min(W - gap, earliest start) and never goes back") {
    auto d = sessionize(Duration(10 * S));
    d->advance(50 * S);
    CHECK(d->cap.watermarks.back() == 40 * S);
    d->event(45 * S, "a");  // [45,55] open
    d->advance(52 * S);     // min(42, 45)
    CHECK(d->cap.watermarks.back() == 42 * S);
    d->event(43 * S, "b");  // [43,53] open: min(42, 43)
    d->advance(52 * S);
    CHECK(d->cap.watermarks.back() == 42 * S);
    d->advance(54 * S);     // b fired at 53; min(44, 45)
    CHECK(d->cap.watermarks.back() == 44 * S);
    d->advance(Watermark::max_infinity().ns());
    CHECK(d->cap.watermarks.back() == Watermark::max_infinity().ns());
}

TEST_CASE("sessionize: an event behind W with no open session to join is late") {
    auto d = sessionize(Duration(10 * S));
    d->event(100 * S, "a");
    d->advance(100 * S);
    d->event(89 * S, "b");  // [89,99]: 100 >= 99
    d->event(90 * S, "a");  // touches [100,110]: accepted
    CHECK(d->cap.late == std::vector<int64_t>{89 * S});
}

TEST_CASE("dedup: first occurrence passes, duplicates dropped and counted, late counted as late first") {
    Driver d;
    DedupStageConfig c;
    c.within = Duration(10 * S);
    d.stage = std::make_unique<DedupStage>(c, d.keys, d.cap);
    d.event(0, "a", "first a");
    d.event(1 * S, "a", "second a");
    d.event(2 * S, "b", "first b");
    d.advance(10 * S);  // a (0 + 10) is forgotten, b (12) is not
    d.event(5 * S, "a", "a again");   // 5 + 10 > 10: not late, not remembered: passes
    d.event(0, "b", "late b");        // 0 + 10 <= 10: late (and a duplicate)
    d.event(3 * S, "b", "dup b");
    CHECK(d.cap.events == std::vector<std::string>{"first a", "first b", "a again"});
    CHECK(d.cap.late == std::vector<int64_t>{0});
    CHECK(d.stage->counters().duplicates == 2);
    CHECK(d.stage->counters().late == 1);
    CHECK(d.cap.watermarks == std::vector<int64_t>{10 * S});
}

TEST_CASE("dedup: the whole record's bytes") {
    Driver d;
    DedupStageConfig c;
    c.whole_record = true;
    d.stage = std::make_unique<DedupStage>(c, d.keys, d.cap);
    d.event(0, "a", R"({"x":1})");
    d.event(0, "a", R"({"x":1})");
    d.event(0, "a", R"({"x": 1})");
    d.event(0, "b", R"({"x":1})");  // another key: another identity
    CHECK(d.cap.events == std::vector<std::string>{R"({"x":1})", R"({"x": 1})", R"({"x":1})"});
    CHECK(d.stage->counters().duplicates == 1);
}
