// The tumbling/sliding window operator: per-(key, window) aggregates, firing when W passes
// a window's end, allowed lateness with revisions, late events (SPEC §3, §4, §8 rules 20-23).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "agg/aggregate.hpp"
#include "config/plan.hpp"
#include "json/field_plan.hpp"
#include "ops/row_batch.hpp"
#include "ops/stage.hpp"
#include "ops/window_assigner.hpp"
#include "ops/window_row.hpp"
#include "state/lazy_keys.hpp"
#include "state/timer_index.hpp"
#include "state/window_store.hpp"

namespace eddy {

struct WindowStageConfig {
    WindowSpec spec;
    AggLayout layout;                       // the aggregates' state cells
    std::vector<FieldSlot> agg_slots;       // per cell; unused for count()
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
    void save(StageStateWriter& w) override;
    void restore(const StageStateReader& r) override;
    void forget_state() override;
    void rewind_after_drain() override;

private:
    void render_row(WindowStore::Slot s);
    void erase(WindowStore::Slot s);
    // Reads a key's stored windows (lazy loading: the key's first event, or a window due).
    void load_key(std::string_view key_text);
    EventTime due(const WindowRecord& rec) const {
        return rec.revision == 0 ? rec.end : rec.end + config_.allowed_lateness;
    }

    WindowStageConfig config_;
    WindowAssigner assigner_;
    const KeyTable& keys_;
    LateEventSink& late_;
    AggCounters& agg_counters_;
    WindowStore store_;
    TimerIndex timers_;
    Watermark w_ = Watermark::min_infinity();
    Watermark w_before_drain_ = Watermark::min_infinity();
    bool with_revisions_;
    WindowRowWriter row_writer_;
    RowBatch batch_;
    FieldValue missing_;
    // Changed since the last checkpoint: windows to write, keys of windows to delete.
    absl::flat_hash_set<WindowStore::Slot> dirty_;
    std::vector<std::pair<char, std::string>> erased_;  // (kind, key suffix) to delete
    std::vector<EventTime> stored_due_;                 // per slot: its due-index entry; min_infinity = none
    std::optional<LazyKeys> lazy_;                      // with a state dir
};

}  // namespace eddy
