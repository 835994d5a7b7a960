// Session windows (SPEC §3, §8 rules 17, 22): per key, events at most `gap` apart form one
// window; an event that touches several sessions merges them; revisions under lateness.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "agg/aggregate.hpp"
#include "ops/row_batch.hpp"
#include "ops/stage.hpp"
#include "ops/window.hpp"
#include "ops/window_row.hpp"
#include "state/lazy_keys.hpp"
#include "state/session_merger.hpp"

namespace eddy {

class SessionWindowStage final : public Stage {
public:
    SessionWindowStage(WindowStageConfig config, const KeyTable& keys, LateEventSink& late, AggCounters& agg_counters);
    void on_event(const Event& e, StageOutput& out) override;
    void on_watermark(Watermark w, StageOutput& out) override;
    size_t open_state() const override { return sessions_.open_count(); }
    void save(StageStateWriter& w) override;
    void restore(const StageStateReader& r) override;
    void forget_state() override;
    void rewind_after_drain() override;

private:
    AggState* aggregates(SessionMerger::Slot s) { return &aggs_[size_t{s} * config_.layout.cells.size()]; }
    void ensure_cells(SessionMerger::Slot s);
    void render_row(SessionMerger::Slot s);
    // The session in `s` is going away (fired, or merged into another): its stored entry too.
    void forget(SessionMerger::Slot s);
    // Reads a key's stored sessions (lazy loading: the key's first event, or a session due).
    void load_key(std::string_view key_text);
    EventTime due(const SessionRecord& rec) const {
        return rec.pending ? rec.end : rec.end + config_.allowed_lateness;
    }

    WindowStageConfig config_;
    const KeyTable& keys_;
    LateEventSink& late_;
    AggCounters& agg_counters_;
    SessionMerger sessions_;
    std::vector<AggState> aggs_;  // layout.cells.size() cells per session slot
    Watermark w_ = Watermark::min_infinity();
    Watermark w_before_drain_ = Watermark::min_infinity();
    bool with_revisions_;
    WindowRowWriter row_writer_;
    RowBatch batch_;
    FieldValue missing_;
    // Changed since the last checkpoint; the start each slot's session is stored under (its
    // key suffix changes when an earlier event extends it backwards).
    absl::flat_hash_set<SessionMerger::Slot> dirty_;
    std::vector<std::pair<char, std::string>> erased_;  // (kind, key suffix) to delete
    std::vector<EventTime> stored_start_;  // min_infinity: not stored
    std::vector<EventTime> stored_due_;    // of the stored due-index entry
    std::optional<LazyKeys> lazy_;         // with a state dir
};

}  // namespace eddy
