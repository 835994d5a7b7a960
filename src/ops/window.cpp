// Judges each event against the current W per window, updates aggregates, re-emits fired
// windows at once (revisions), and on each W fires what it closed as one sorted batch.
#include "ops/window.hpp"

namespace eddy {

namespace {
std::vector<AggKind> kinds_of(const std::vector<AggSpec>& aggs) {
    std::vector<AggKind> kinds;
    for (const AggSpec& a : aggs) kinds.push_back(a.kind);
    return kinds;
}
}  // namespace

WindowStage::WindowStage(WindowStageConfig config, const KeyTable& keys, LateEventSink& late, AggCounters& agg_counters)
    : config_(std::move(config)),
      assigner_(config_.spec.size, config_.spec.slide, config_.spec.offset),
      keys_(keys),
      late_(late),
      agg_counters_(agg_counters),
      store_(kinds_of(config_.spec.aggregates)),
      with_revisions_(config_.allowed_lateness > Duration::zero()),
      row_writer_(config_.key_names, config_.spec.aggregates, config_.time_format, with_revisions_),
      batch_(keys) {}

void WindowStage::on_event(const Event& e, StageOutput&) {
    const Duration lateness = config_.allowed_lateness;
    const auto& aggs = config_.spec.aggregates;
    bool in_any_window = false, accepted = false;
    assigner_.for_each_window(e.time, [&](EventTime start, EventTime end) {
        in_any_window = true;
        if (w_ >= end + lateness) return;  // late for this window (SPEC §3)
        accepted = true;
        auto [slot, created] = store_.find_or_create(e.key, start, end);
        AggState* states = store_.aggregates(slot);
        for (size_t i = 0; i < aggs.size(); ++i) {
            const FieldValue& v = aggs[i].field ? e.fields[config_.agg_slots[i].index()] : missing_;
            agg_add(states[i], v, e.time, e.seq, agg_counters_);
        }
        WindowRecord& rec = store_.record(slot);
        if (created) {
            if (w_ >= end) {
                // Rule 21: first created after W passed its end (only with lateness): emit now.
                rec.revision = 1;
                render_row(slot);
                timers_.add({end + lateness, slot, rec.generation, TimerKind::cleanup});
            } else {
                timers_.add({end, slot, rec.generation, TimerKind::fire});
            }
        } else if (rec.revision > 0) {
            ++rec.revision;  // a fired window updated within its lateness: re-emit the whole row
            render_row(slot);
        }
    });
    if (!in_any_window) ++counters_.no_window;
    else if (!accepted) {
        ++counters_.late;
        late_.on_late(e);
    }
}

void WindowStage::on_watermark(Watermark w, StageOutput& out) {
    if (w > w_) w_ = w;
    Timer t;
    while (timers_.pop_due(w_, t)) {
        WindowRecord& rec = store_.record(t.slot);
        if (!rec.live || rec.generation != t.generation) continue;  // stale: the slot was reused
        if (t.kind == TimerKind::fire) {
            rec.revision = 1;
            render_row(t.slot);
            if (with_revisions_) timers_.add({rec.end + config_.allowed_lateness, t.slot, rec.generation, TimerKind::cleanup});
            else store_.erase(t.slot);
        } else {
            store_.erase(t.slot);
        }
    }
    if (!batch_.empty()) batch_.emit(out);
    out.emit_watermark(w_);
}

void WindowStage::render_row(WindowStore::Slot s) {
    const WindowRecord& rec = store_.record(s);
    batch_.begin_group(rec.end, rec.key, rec.start);
    row_writer_.render(batch_.text(), keys_, rec.key, rec.start, rec.end, store_.aggregates(s), rec.revision,
                       agg_counters_);
    batch_.end_record(rec.end - Duration(1));
}

}  // namespace eddy
