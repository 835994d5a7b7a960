// An accepted event merges what it touches, then either re-emits at once (the session's end
// is already behind W: rule 22) or waits for W to reach its new end; a timer that pops
// early (the session grew) is set again, so each session has one timer at a time.
#include "ops/session_window.hpp"

namespace eddy {

SessionWindowStage::SessionWindowStage(WindowStageConfig config, const KeyTable& keys, LateEventSink& late,
                                       AggCounters& agg_counters)
    : config_(std::move(config)),
      keys_(keys),
      late_(late),
      agg_counters_(agg_counters),
      sessions_(config_.spec.gap),
      with_revisions_(config_.allowed_lateness > Duration::zero()),
      row_writer_(config_.key_names, config_.spec.aggregates, config_.time_format, with_revisions_),
      batch_(keys) {
    for (const AggSpec& a : config_.spec.aggregates) kinds_.push_back(a.kind);
}

void SessionWindowStage::on_event(const Event& e, StageOutput&) {
    const Duration lateness = config_.allowed_lateness;
    const SessionMerger::Placement p = sessions_.place(e.key, e.time);
    if (w_ >= p.end + lateness) {  // late for the session it would form (SPEC §3)
        ++counters_.late;
        late_.on_late(e);
        return;
    }
    const size_t n = kinds_.size();
    auto [slot, created] = sessions_.commit(e.key, e.time, p, [&](SessionMerger::Slot into, SessionMerger::Slot from) {
        AggState* older = aggregates(into);
        const AggState* newer = aggregates(from);
        for (size_t i = 0; i < n; ++i) agg_merge(older[i], newer[i]);  // rule 17: the older partial sum first
    });
    if (created) {
        if (aggs_.size() < (size_t{slot} + 1) * n) aggs_.resize((size_t{slot} + 1) * n);
        AggState* states = aggregates(slot);
        for (size_t i = 0; i < n; ++i) states[i] = make_agg_state(kinds_[i]);
    }
    AggState* states = aggregates(slot);
    const auto& aggs = config_.spec.aggregates;
    for (size_t i = 0; i < n; ++i) {
        const FieldValue& v = aggs[i].field ? e.fields[config_.agg_slots[i].index()] : missing_;
        agg_add(states[i], v, e.time, e.seq, agg_counters_);
    }
    SessionRecord& rec = sessions_.record(slot);
    if (rec.end <= w_) {
        // Only with lateness: a fired session updated, or one first formed behind W (rule 22).
        ++rec.revision;
        rec.pending = false;
        render_row(slot);
        sessions_.schedule(slot, rec.end + lateness);
    } else {
        rec.pending = true;
        sessions_.schedule(slot, rec.end);
    }
}

void SessionWindowStage::on_watermark(Watermark w, StageOutput& out) {
    if (w > w_) w_ = w;
    const Duration lateness = config_.allowed_lateness;
    SessionMerger::Slot slot;
    while (sessions_.pop_due(w_, slot)) {
        SessionRecord& rec = sessions_.record(slot);
        if (rec.pending) {
            if (w_ < rec.end) {  // it grew since the timer was set
                sessions_.schedule(slot, rec.end);
                continue;
            }
            ++rec.revision;
            rec.pending = false;
            render_row(slot);
        }
        if (w_ >= rec.end + lateness) sessions_.erase(slot);
        else sessions_.schedule(slot, rec.end + lateness);
    }
    if (!batch_.empty()) batch_.emit(out);
    out.emit_watermark(w_);
}

void SessionWindowStage::render_row(SessionMerger::Slot s) {
    const SessionRecord& rec = sessions_.record(s);
    batch_.begin_group(rec.end, rec.key, rec.start);
    row_writer_.render(batch_.text(), keys_, rec.key, rec.start, rec.end, aggregates(s), rec.revision, agg_counters_);
    batch_.end_record(rec.end - Duration(1));
}

}  // namespace eddy
