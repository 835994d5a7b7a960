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
      row_writer_(config_.key_names, config_.spec.aggregates, config_.layout, config_.time_format, with_revisions_),
      batch_(keys) {}

void SessionWindowStage::on_event(const Event& e, StageOutput&) {
    if (lazy_ && lazy_->first_sight(e.key)) load_key(keys_.text(e.key));
    const Duration lateness = config_.allowed_lateness;
    const SessionMerger::Placement p = sessions_.place(e.key, e.time);
    if (w_ >= p.end + lateness) {  // late for the session it would form (SPEC §3)
        ++counters_.late;
        late_.on_late(e);
        return;
    }
    const size_t n = config_.layout.cells.size();
    auto [slot, created] = sessions_.commit(e.key, e.time, p, [&](SessionMerger::Slot into, SessionMerger::Slot from) {
        AggState* older = aggregates(into);
        const AggState* newer = aggregates(from);
        for (size_t i = 0; i < n; ++i) agg_merge(older[i], newer[i]);  // rule 17: the older partial sum first
        forget(from);
    });
    if (created) {
        ensure_cells(slot);
        AggState* states = aggregates(slot);
        for (size_t i = 0; i < n; ++i) states[i] = config_.layout.make(i);
    }
    dirty_.insert(slot);
    AggState* states = aggregates(slot);
    const auto& cells = config_.layout.cells;
    for (size_t i = 0; i < n; ++i) {
        const FieldValue& v = cells[i].field ? e.fields[config_.agg_slots[i].index()] : missing_;
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
    if (w.is_max_infinity() && !w_.is_max_infinity()) w_before_drain_ = w_;
    if (w > w_) w_ = w;
    if (lazy_) lazy_->load_due(w_, [this](std::string_view text) { load_key(text); });
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
            dirty_.insert(slot);
        }
        if (w_ >= rec.end + lateness) {
            forget(slot);
            sessions_.erase(slot);
        } else {
            sessions_.schedule(slot, rec.end + lateness);
        }
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

void SessionWindowStage::ensure_cells(SessionMerger::Slot s) {
    const size_t n = config_.layout.cells.size();
    if (aggs_.size() < (size_t{s} + 1) * n) aggs_.resize((size_t{s} + 1) * n);
    if (stored_start_.size() <= s) {
        stored_start_.resize(size_t{s} + 1, EventTime::min_infinity());
        stored_due_.resize(size_t{s} + 1, EventTime::min_infinity());
    }
}

namespace {
std::string session_key(std::string_view key_text, EventTime start) {
    std::string key;
    ByteWriter k(key);
    k.bytes(key_text);
    k.ordered_i64(start.ns());
    return key;
}
}  // namespace

void SessionWindowStage::forget(SessionMerger::Slot s) {
    dirty_.erase(s);
    if (stored_start_.size() <= s || stored_start_[s].is_min_infinity()) return;
    const std::string_view text = keys_.text(sessions_.record(s).key);
    erased_.emplace_back('s', session_key(text, stored_start_[s]));
    erased_.emplace_back('t', time_index_key(stored_due_[s], text, stored_start_[s].ns()));
    stored_start_[s] = EventTime::min_infinity();
}

// 's' + key text + start: key spans, last, revision, pending, aggregates.
// 't' + due + key text + start: the due index lazy loading scans.
void SessionWindowStage::save(StageStateWriter& w) {
    for (const auto& [kind, key] : erased_) w.del(kind, key);
    erased_.clear();
    for (SessionMerger::Slot s : dirty_) {
        const SessionRecord& rec = sessions_.record(s);
        ensure_cells(s);
        const std::string_view text = keys_.text(rec.key);
        if (!stored_start_[s].is_min_infinity() && stored_start_[s] != rec.start)
            w.del('s', session_key(text, stored_start_[s]));
        move_index_entry(w, 't', stored_due_[s], stored_start_[s].ns(), due(rec), rec.start.ns(), text);
        ByteWriter k = w.begin_key('s');
        k.bytes(text);
        k.ordered_i64(rec.start.ns());
        ByteWriter v = w.begin_value();
        encode_key_spans(v, keys_, rec.key);
        v.svarint(rec.last.ns());
        v.varint(rec.revision);
        v.u8(rec.pending ? 1 : 0);
        const AggState* states = aggregates(s);
        for (size_t i = 0; i < config_.layout.cells.size(); ++i) agg_encode(states[i], v);
        w.put();
        stored_start_[s] = rec.start;
    }
    dirty_.clear();
    write_window_meta(w, w_, batch_.records_emitted());
}

void SessionWindowStage::restore(const StageStateReader& r) {
    uint64_t rows = 0;
    read_window_meta(r, w_, rows);
    batch_.restore_records_emitted(rows);
    lazy_.emplace(r);
}

void SessionWindowStage::load_key(std::string_view key_text) {
    const StageStateReader& r = lazy_->reader();
    scan_key_entries(r, 's', key_text, [&](std::string_view text, EventTime start, ByteReader& v) {
        const KeyId key = decode_key(v, text, r.keys());
        lazy_->first_sight(key);
        const EventTime last(v.svarint());
        const auto revision = static_cast<uint32_t>(v.varint());
        const bool pending = v.u8() != 0;
        const SessionMerger::Slot slot = sessions_.restore(key, start, last, false);
        ensure_cells(slot);
        AggState* states = aggregates(slot);
        for (size_t i = 0; i < config_.layout.cells.size(); ++i) states[i] = config_.layout.decode(i, v);
        r.require(v, "a session");
        SessionRecord& rec = sessions_.record(slot);
        rec.revision = revision;
        rec.pending = pending;
        stored_start_[slot] = start;
        stored_due_[slot] = due(rec);
        sessions_.schedule(slot, due(rec));
    });
}

void SessionWindowStage::rewind_after_drain() {
    w_ = w_before_drain_;
}

void SessionWindowStage::forget_state() {
    sessions_ = SessionMerger(config_.spec.gap);
    aggs_.clear();
    stored_start_.clear();
    stored_due_.clear();
    if (lazy_) lazy_->forget_loaded();
}

}  // namespace eddy
