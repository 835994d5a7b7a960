// Each stateful stage saved to LMDB and restored into a fresh stage (with a fresh key table,
// so other key ids) goes on exactly like the stage that never stopped; damaged values are
// refused. The expected output is the uninterrupted stage's, event for event.
#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io_test_files.hpp"
#include "ops/dedup.hpp"
#include "ops/session_window.hpp"
#include "ops/sessionize.hpp"
#include "ops/window.hpp"
#include "stage_capture.hpp"
#include "state/lmdb.hpp"

using namespace eddy;

namespace {
constexpr int64_t S = 1'000'000'000;

struct Input {
    int64_t t;
    std::string key;
    std::string record;
};

// One stage with its own key table and capture, fed events and watermarks.
struct Runner {
    KeyTable keys;
    AggCounters agg;
    StageCapture cap;
    std::unique_ptr<Stage> stage;
    FieldValue fields[1];
    uint64_t seq = 0;
    void feed(const Input& in) {
        Event e{EventTime(in.t), ArrivalSeq(++seq), intern_key(keys, in.key), in.record, fields};
        stage->on_event(e, cap);
        stage->on_watermark(EventTime(in.t - 2 * S), cap);
    }
};

using Factory = std::function<std::unique_ptr<Stage>(Runner&)>;

WindowStageConfig window_config(WindowType type, Duration lateness) {
    WindowStageConfig c;
    c.spec.type = type;
    c.spec.size = c.spec.slide = Duration(10 * S);
    c.spec.gap = Duration(10 * S);
    for (auto [name, kind] : {std::pair{"n", AggKind::count}, std::pair{"f", AggKind::first}}) {
        AggSpec a;
        a.name = name;
        a.kind = kind;
        if (kind == AggKind::first) a.field = FieldPath{"k", {"k"}, false};
        c.spec.aggregates.push_back(a);
        c.agg_slots.push_back(FieldSlot(0));
    }
    c.layout = AggLayout::of(c.spec.aggregates);
    c.key_names = {"k"};
    c.allowed_lateness = lateness;
    c.time_format = OutputTimeFormat::epoch_s;
    return c;
}

// W trails the latest event by 2 s while events are up to 6 s out of order, so windows fire,
// take late updates (revisions) and drop late events on both sides of the cut.
// Feeds `inputs` to one stage straight through, and to another that is saved after `cut`
// events and restored into a third; the outputs after the cut must be equal.
void check_resumes(const Factory& make, const std::vector<Input>& inputs, size_t cut) {
    test::TempDir dir;
    Runner whole, first, second;
    for (Runner* r : {&whole, &first, &second}) {
        r->stage = make(*r);
        r->fields[0].kind = JsonKind::string;
        r->fields[0].canonical = "\"v\"";
    }
    // A state dir is always restored (empty) before the first event; like a run, the stage
    // keeps its read transaction, moved on after each commit.
    LmdbEnv env(dir.path, 1 << 24);
    LmdbTxn first_reader(env, false);
    first.stage->restore(StageStateReader(first_reader, 0, dir.path, first.keys));
    for (size_t i = 0; i < cut; ++i) {
        whole.feed(inputs[i]);
        first.feed(inputs[i]);
    }
    // Two checkpoints: the second writes only what changed after the first.
    for (int round = 0; round < 2; ++round) {
        LmdbTxn txn(env, true);
        StageStateWriter w(txn, 0);
        first.stage->save(w);
        txn.commit();
        first_reader.renew();
    }
    // The restored stage reads its keys' entries on demand: its read transaction stays open.
    LmdbTxn reader(env, false);
    intern_key(second.keys, "zzz");  // other ids than the first run's
    second.stage->restore(StageStateReader(reader, 0, dir.path, second.keys));
    second.seq = first.seq;
    // The first stage goes on too, after dropping its in-memory state (and its key table) as a
    // long run does after a checkpoint: it must read back what it needs, exactly.
    first.stage->forget_state();
    first.keys = KeyTable();
    const size_t first_rows = first.cap.rows.size(), first_events = first.cap.events.size();
    const size_t first_watermarks = first.cap.watermarks.size();
    const uint64_t duplicates_at_cut = first.stage->counters().duplicates;
    const size_t rows_before = whole.cap.rows.size(), events_before = whole.cap.events.size();
    const size_t late_before = whole.cap.late.size(), watermarks_before = whole.cap.watermarks.size();
    for (size_t i = cut; i < inputs.size(); ++i) {
        whole.feed(inputs[i]);
        second.feed(inputs[i]);
        first.feed(inputs[i]);
    }
    whole.stage->on_watermark(Watermark::max_infinity(), whole.cap);
    second.stage->on_watermark(Watermark::max_infinity(), second.cap);
    first.stage->on_watermark(Watermark::max_infinity(), first.cap);
    CHECK(std::vector<std::string>(first.cap.rows.begin() + first_rows, first.cap.rows.end()) ==
          std::vector<std::string>(whole.cap.rows.begin() + rows_before, whole.cap.rows.end()));
    CHECK(std::vector<std::string>(first.cap.events.begin() + first_events, first.cap.events.end()) ==
          std::vector<std::string>(whole.cap.events.begin() + events_before, whole.cap.events.end()));
    CHECK(std::vector<int64_t>(first.cap.watermarks.begin() + first_watermarks, first.cap.watermarks.end()) ==
          std::vector<int64_t>(whole.cap.watermarks.begin() + static_cast<long>(whole.cap.watermarks.size() -
                                                                               (first.cap.watermarks.size() - first_watermarks)),
                               whole.cap.watermarks.end()));
    CHECK(std::vector<std::string>(whole.cap.rows.begin() + rows_before, whole.cap.rows.end()) == second.cap.rows);
    CHECK(std::vector<std::string>(whole.cap.events.begin() + events_before, whole.cap.events.end()) == second.cap.events);
    CHECK(std::vector<int64_t>(whole.cap.late.begin() + late_before, whole.cap.late.end()) == second.cap.late);
    // What a stage passes on as W (sessionize holds it back) must not depend on the cut either.
    CHECK(std::vector<int64_t>(whole.cap.watermarks.begin() + watermarks_before, whole.cap.watermarks.end()) ==
          second.cap.watermarks);
    CHECK(whole.stage->counters().duplicates - duplicates_at_cut == second.stage->counters().duplicates);
    CHECK(first.stage->counters().duplicates - duplicates_at_cut == second.stage->counters().duplicates);
}

std::vector<Input> inputs() {
    std::vector<Input> in;
    uint64_t x = 12345;
    for (int i = 0; i < 400; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const int64_t t = i * S / 2 + static_cast<int64_t>((x >> 11) % (12 * S)) - 6 * S;  // disorder up to 6 s
        const std::string key(1, static_cast<char>('a' + (x >> 20) % 5));
        in.push_back({t, key, "{\"i\":" + std::to_string((x >> 40) % 50) + "}"});
    }
    return in;
}
}  // namespace

TEST_CASE("checkpointed stages resume exactly: tumbling window with lateness") {
    for (size_t cut : {1, 57, 200, 399})
        check_resumes([](Runner& r) { return std::make_unique<WindowStage>(window_config(WindowType::tumbling, Duration(3 * S)), r.keys, r.cap, r.agg); },
                      inputs(), cut);
}

TEST_CASE("checkpointed stages resume exactly: session windows, with and without lateness") {
    for (int64_t lateness : {0, 3}) {
        for (size_t cut : {1, 57, 200, 399})
            check_resumes([lateness](Runner& r) {
                return std::make_unique<SessionWindowStage>(window_config(WindowType::session, Duration(lateness * S)), r.keys,
                                                            r.cap, r.agg);
            }, inputs(), cut);
    }
}

TEST_CASE("checkpointed stages resume exactly: sessionize with max_duration cuts") {
    SessionizeSpec spec;
    spec.gap = Duration(2 * S);
    spec.max_duration = Duration(6 * S);
    for (size_t cut : {1, 57, 200, 399})
        check_resumes([&spec](Runner& r) { return std::make_unique<SessionizeStage>(spec, r.keys, r.cap); }, inputs(), cut);
}

TEST_CASE("checkpointed stages resume exactly: dedup by record, with a horizon and forever") {
    for (std::optional<Duration> within : {std::optional<Duration>(Duration(20 * S)), std::optional<Duration>()}) {
        DedupStageConfig c;
        c.whole_record = true;
        c.within = within;
        for (size_t cut : {1, 57, 200, 399})
            check_resumes([&c](Runner& r) { return std::make_unique<DedupStage>(c, r.keys, r.cap); }, inputs(), cut);
    }
}

TEST_CASE("a damaged stage value is refused with a message naming the state dir") {
    test::TempDir dir;
    KeyTable keys;
    AggCounters agg;
    StageCapture cap;
    WindowStage stage(window_config(WindowType::tumbling, Duration(0)), keys, cap, agg);
    FieldValue fields[1];
    stage.on_event(Event{EventTime(S), ArrivalSeq(1), intern_key(keys, "a"), "{}", fields}, cap);
    LmdbEnv env(dir.path, 1 << 24);
    {
        LmdbTxn txn(env, true);
        StageStateWriter w(txn, 0);
        stage.save(w);
        txn.commit();
    }
    // Flip the format byte of every window entry, then cut one short.
    for (int damage = 0; damage < 2; ++damage) {
        {
            LmdbTxn txn(env, true);
            std::vector<std::pair<std::string, std::string>> entries;
            txn.scan(std::string("S\0\0w", 4), [&](std::string_view k, std::string_view v) {
                entries.emplace_back(k, v);
                return true;
            });
            REQUIRE(entries.size() == 1);
            std::string v = entries[0].second;
            if (damage == 0) v[0] = static_cast<char>(kStateFormat + 1);  // a future format
            else v = std::string(1, static_cast<char>(kStateFormat)) + v.substr(1, v.size() / 2);
            txn.put(entries[0].first, v);
            txn.commit();
        }
        KeyTable keys2;
        WindowStage fresh(window_config(WindowType::tumbling, Duration(0)), keys2, cap, agg);
        LmdbTxn txn(env, false);
        try {
            fresh.restore(StageStateReader(txn, 0, dir.path, keys2));
            fresh.on_event(Event{EventTime(2 * S), ArrivalSeq(2), intern_key(keys2, "a"), "{}", fields}, cap);  // reads key a
            FAIL("damaged state was read");
        } catch (const EddyError& e) {
            CHECK(e.code() == ExitCode::io);
            CHECK(std::string(e.what()).find(dir.path + ": the state cannot be read") == 0);
        }
    }
}
