// The window operator's firing, lateness, revisions and batch order (SPEC §3, §8 rules
// 20-23), driven directly with events and watermarks; expected rows written by hand.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ops/window.hpp"
#include "stage_capture.hpp"

using namespace eddy;

namespace {
constexpr int64_t S = 1'000'000'000;

struct Harness {
    KeyTable keys;
    AggCounters agg;
    StageCapture cap;
    std::unique_ptr<WindowStage> stage;
    FieldValue fields[1];
    uint64_t seq = 0;
    Harness(Duration size, Duration slide, Duration lateness, bool keyed = true) {
        WindowStageConfig c;
        c.spec.type = size == slide ? WindowType::tumbling : WindowType::sliding;
        c.spec.size = size;
        c.spec.slide = slide;
        AggSpec count;
        count.name = "n";
        count.kind = AggKind::count;
        c.spec.aggregates.push_back(count);
        c.agg_slots.push_back(FieldSlot());
        c.layout = AggLayout::of(c.spec.aggregates);
        if (keyed) c.key_names = {"k"};
        c.allowed_lateness = lateness;
        c.time_format = OutputTimeFormat::epoch_s;
        stage = std::make_unique<WindowStage>(c, keys, cap, agg);
    }
    KeyId key(const std::string& k) { return intern_key(keys, k); }
    void event(int64_t t, const std::string& k) {
        Event e{EventTime(t), ArrivalSeq(++seq), key(k), "{}", fields};
        stage->on_event(e, cap);
    }
    void advance(int64_t w) { stage->on_watermark(EventTime(w), cap); }
};
}  // namespace

TEST_CASE("a window fires when W reaches its end, not before") {
    Harness h(Duration(60 * S), Duration(60 * S), Duration(0));
    h.event(10 * S, "a");
    h.advance(59 * S);
    CHECK(h.cap.rows.empty());
    h.advance(60 * S);
    REQUIRE(h.cap.rows.size() == 1);
    CHECK(h.cap.rows[0] == R"({"k":"a","window_start":0,"window_end":60,"n":1})");
    CHECK(h.cap.row_times[0] == 60 * S - 1);  // a row's event time is window_end - 1 ns
    CHECK(h.stage->open_state() == 0);
}

TEST_CASE("rows of one batch are sorted by window_end, key text, window_start") {
    Harness h(Duration(10 * S), Duration(5 * S), Duration(0));
    h.event(7 * S, "b");  // windows [5,15) and [0,10)
    h.event(3 * S, "a");  // windows [0,10) and [-5,5)
    h.advance(100 * S);
    REQUIRE(h.cap.rows.size() == 4);
    CHECK(h.cap.rows[0] == R"({"k":"a","window_start":-5,"window_end":5,"n":1})");
    CHECK(h.cap.rows[1] == R"({"k":"a","window_start":0,"window_end":10,"n":1})");
    CHECK(h.cap.rows[2] == R"({"k":"b","window_start":0,"window_end":10,"n":1})");
    CHECK(h.cap.rows[3] == R"({"k":"b","window_start":5,"window_end":15,"n":1})");
}

TEST_CASE("an event late for all its windows goes to the late sink; W is forwarded after rows") {
    Harness h(Duration(60 * S), Duration(60 * S), Duration(0));
    h.event(10 * S, "a");
    h.advance(60 * S);
    h.event(59 * S, "a");  // W = 60s >= end 60s + 0: late
    h.advance(60 * S);
    CHECK(h.cap.rows.size() == 1);
    CHECK(h.cap.late == std::vector<int64_t>{59 * S});
    CHECK(h.cap.watermarks.back() == 60 * S);
}

TEST_CASE("allowed lateness: revisions 1, 2, 3, then late past end + L") {
    Harness h(Duration(60 * S), Duration(60 * S), Duration(30 * S));
    h.event(10 * S, "a");
    h.advance(61 * S);
    h.event(20 * S, "a");  // W 61 < 60 + 30: updates the fired window, re-emitted at once
    h.advance(70 * S);
    h.event(30 * S, "a");
    h.advance(90 * S);     // W reaches end + L: the window's state is dropped
    h.event(40 * S, "a");  // late
    h.advance(90 * S);
    REQUIRE(h.cap.rows.size() == 3);
    CHECK(h.cap.rows[0] == R"({"k":"a","window_start":0,"window_end":60,"n":1,"revision":1})");
    CHECK(h.cap.rows[1] == R"({"k":"a","window_start":0,"window_end":60,"n":2,"revision":2})");
    CHECK(h.cap.rows[2] == R"({"k":"a","window_start":0,"window_end":60,"n":3,"revision":3})");
    CHECK(h.cap.late == std::vector<int64_t>{40 * S});
    CHECK(h.stage->open_state() == 0);
}

TEST_CASE("rule 21: a window first created after W passed its end is emitted at once with revision 1") {
    Harness h(Duration(60 * S), Duration(60 * S), Duration(120 * S));
    h.event(200 * S, "a");
    h.advance(200 * S);
    h.event(70 * S, "b");  // window [60,120): W 200 >= 120 but < 120 + 120
    CHECK(h.cap.rows.empty());  // emitted with the event's batch
    h.advance(200 * S);
    REQUIRE(h.cap.rows.size() == 1);
    CHECK(h.cap.rows[0] == R"({"k":"b","window_start":60,"window_end":120,"n":1,"revision":1})");
}

TEST_CASE("a pipeline without key_by has no key fields in its rows") {
    Harness h(Duration(60 * S), Duration(60 * S), Duration(0), false);
    h.event(1 * S, "[]");
    h.advance(INT64_MAX);
    REQUIRE(h.cap.rows.size() == 1);
    CHECK(h.cap.rows[0] == R"({"window_start":0,"window_end":60,"n":1})");
}
