// The tumbling/sliding window operator: per-(key, window) aggregates, firing when W passes
// a window's end, allowed lateness with revisions, late events (SPEC §3, §4, §8 rules 20-23).
#pragma once
#include <string>
#include <vector>

#include "agg/aggregate.hpp"
#include "config/plan.hpp"
#include "json/field_plan.hpp"
#include "ops/stage.hpp"
#include "ops/window_assigner.hpp"
#include "state/timer_index.hpp"
#include "state/window_store.hpp"

namespace eddy {

struct WindowCounters {
    uint64_t late = 0;       // events late for all of their windows
    uint64_t no_window = 0;  // events in a hole between sliding windows (rule 23)
    uint64_t rows = 0;
};

struct WindowStageConfig {
    WindowSpec spec;
    std::vector<FieldSlot> agg_slots;       // per aggregate; unused for count()
    std::vector<std::string> key_names;     // the key_by paths as written, for the row's key fields
    Duration allowed_lateness;
    OutputTimeFormat time_format = OutputTimeFormat::rfc3339;
};

class WindowStage final : public Stage {
public:
    WindowStage(WindowStageConfig config, const KeyTable& keys, LateEventSink& late, AggCounters& agg_counters);
    void on_event(const Event& e, StageOutput& out) override;
    void on_watermark(Watermark w, StageOutput& out) override;
    size_t open_state() const override { return store_.open_count(); }
    const WindowCounters& counters() const { return counters_; }

private:
    // A row produced for the current batch; its text is already rendered into batch_text_.
    struct PendingRow {
        EventTime end;
        KeyId key;
        EventTime start;
        uint32_t text_begin, text_end;
    };
    void render_row(WindowStore::Slot s);
    void emit_batch(StageOutput& out);

    WindowStageConfig config_;
    WindowAssigner assigner_;
    const KeyTable& keys_;
    LateEventSink& late_;
    AggCounters& agg_counters_;
    WindowStore store_;
    TimerIndex timers_;
    Watermark w_ = Watermark::min_infinity();
    bool with_revisions_;
    std::vector<std::string> key_field_prefixes_;  // `"user":` pre-escaped
    std::string batch_text_;
    std::vector<PendingRow> batch_;
    uint64_t row_seq_ = 0;
    WindowCounters counters_;
    FieldValue missing_;
};

}  // namespace eddy
