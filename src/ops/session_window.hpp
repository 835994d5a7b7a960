// Session windows (SPEC §3, §8 rules 17, 22): per key, events at most `gap` apart form one
// window; an event that touches several sessions merges them; revisions under lateness.
#pragma once
#include <vector>

#include "agg/aggregate.hpp"
#include "ops/row_batch.hpp"
#include "ops/stage.hpp"
#include "ops/window.hpp"
#include "ops/window_row.hpp"
#include "state/session_merger.hpp"

namespace eddy {

class SessionWindowStage final : public Stage {
public:
    SessionWindowStage(WindowStageConfig config, const KeyTable& keys, LateEventSink& late, AggCounters& agg_counters);
    void on_event(const Event& e, StageOutput& out) override;
    void on_watermark(Watermark w, StageOutput& out) override;
    size_t open_state() const override { return sessions_.open_count(); }

private:
    AggState* aggregates(SessionMerger::Slot s) { return &aggs_[size_t{s} * kinds_.size()]; }
    void render_row(SessionMerger::Slot s);

    WindowStageConfig config_;
    std::vector<AggKind> kinds_;
    const KeyTable& keys_;
    LateEventSink& late_;
    AggCounters& agg_counters_;
    SessionMerger sessions_;
    std::vector<AggState> aggs_;  // kinds_.size() cells per session slot
    Watermark w_ = Watermark::min_infinity();
    bool with_revisions_;
    WindowRowWriter row_writer_;
    RowBatch batch_;
    FieldValue missing_;
};

}  // namespace eddy
