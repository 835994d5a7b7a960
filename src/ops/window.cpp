// Judges each event against the current W per window, updates aggregates, re-emits fired
// windows at once (revisions), and on each W fires what it closed as one sorted batch.
#include "ops/window.hpp"

#include <algorithm>

namespace eddy {

WindowStage::WindowStage(WindowStageConfig config, const KeyTable& keys, LateEventSink& late, AggCounters& agg_counters)
    : config_(std::move(config)),
      assigner_(config_.spec.size, config_.spec.slide, config_.spec.offset),
      keys_(keys),
      late_(late),
      agg_counters_(agg_counters),
      store_(config_.layout),
      with_revisions_(config_.allowed_lateness > Duration::zero()),
      row_writer_(config_.key_names, config_.spec.aggregates, config_.layout, config_.time_format, with_revisions_),
      batch_(keys) {}

void WindowStage::on_event(const Event& e, StageOutput&) {
    if (lazy_ && lazy_->first_sight(e.key)) load_key(keys_.text(e.key));
    const Duration lateness = config_.allowed_lateness;
    const auto& cells = config_.layout.cells;
    bool in_any_window = false, accepted = false;
    assigner_.for_each_window(e.time, [&](EventTime start, EventTime end) {
        in_any_window = true;
        if (w_ >= end + lateness) return;  // late for this window (SPEC §3)
        accepted = true;
        auto [slot, created] = store_.find_or_create(e.key, start, end);
        dirty_.insert(slot);
        AggState* states = store_.aggregates(slot);
        for (size_t i = 0; i < cells.size(); ++i) {
            const FieldValue& v = cells[i].field ? e.fields[config_.agg_slots[i].index()] : missing_;
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
    if (w.is_max_infinity() && !w_.is_max_infinity()) w_before_drain_ = w_;
    if (w > w_) w_ = w;
    if (lazy_) lazy_->load_due(w_, [this](std::string_view text) { load_key(text); });
    Timer t;
    while (timers_.pop_due(w_, t)) {
        WindowRecord& rec = store_.record(t.slot);
        if (!rec.live || rec.generation != t.generation) continue;  // stale: the slot was reused
        if (t.kind == TimerKind::fire) {
            rec.revision = 1;
            render_row(t.slot);
            if (with_revisions_) {
                dirty_.insert(t.slot);
                timers_.add({rec.end + config_.allowed_lateness, t.slot, rec.generation, TimerKind::cleanup});
            } else {
                erase(t.slot);
            }
        } else {
            erase(t.slot);
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

void WindowStage::erase(WindowStore::Slot s) {
    const WindowRecord& rec = store_.record(s);
    if (s < stored_due_.size() && !stored_due_[s].is_min_infinity()) {
        std::string key;
        ByteWriter k(key);
        k.bytes(keys_.text(rec.key));
        k.ordered_i64(rec.start.ns());
        erased_.emplace_back('w', std::move(key));
        erased_.emplace_back('t', time_index_key(stored_due_[s], keys_.text(rec.key), rec.start.ns()));
        stored_due_[s] = EventTime::min_infinity();
    }
    dirty_.erase(s);
    store_.erase(s);
}

// 'w' + key text + start: key spans, end, revision, each aggregate's state in declared order.
// 't' + due + key text + start: the due index lazy loading scans.
void WindowStage::save(StageStateWriter& w) {
    for (const auto& [kind, key] : erased_) w.del(kind, key);
    erased_.clear();
    // In stored key order (the key text's length prefix first): LMDB then fills pages one
    // after another instead of touching the whole tree.
    std::vector<WindowStore::Slot> slots(dirty_.begin(), dirty_.end());
    std::sort(slots.begin(), slots.end(), [this](WindowStore::Slot a, WindowStore::Slot b) {
        const WindowRecord &x = store_.record(a), &y = store_.record(b);
        if (x.key != y.key) {
            const std::string_view p = keys_.text(x.key), q = keys_.text(y.key);
            if (p.size() != q.size()) return p.size() < q.size();
            const int c = p.compare(q);
            if (c != 0) return c < 0;
        }
        return x.start < y.start;
    });
    for (WindowStore::Slot s : slots) {
        const WindowRecord& rec = store_.record(s);
        if (stored_due_.size() <= s) stored_due_.resize(size_t{s} + 1, EventTime::min_infinity());
        move_index_entry(w, 't', stored_due_[s], rec.start.ns(), due(rec), rec.start.ns(), keys_.text(rec.key));
        ByteWriter k = w.begin_key('w');
        k.bytes(keys_.text(rec.key));
        k.ordered_i64(rec.start.ns());
        ByteWriter v = w.begin_value();
        encode_key_spans(v, keys_, rec.key);
        v.svarint(rec.end.ns());
        v.varint(rec.revision);
        const AggState* states = store_.aggregates(s);
        for (size_t i = 0; i < store_.aggregate_count(); ++i) agg_encode(states[i], v);
        w.put();
    }
    dirty_.clear();
    write_window_meta(w, w_, batch_.records_emitted());
}

void WindowStage::restore(const StageStateReader& r) {
    uint64_t rows = 0;
    read_window_meta(r, w_, rows);
    batch_.restore_records_emitted(rows);
    lazy_.emplace(r);
}

void WindowStage::load_key(std::string_view key_text) {
    const StageStateReader& r = lazy_->reader();
    scan_key_entries(r, 'w', key_text, [&](std::string_view text, EventTime start, ByteReader& v) {
        const KeyId key = decode_key(v, text, r.keys());
        lazy_->first_sight(key);
        const EventTime end(v.svarint());
        const auto revision = static_cast<uint32_t>(v.varint());
        auto [slot, created] = store_.find_or_create(key, start, end);
        AggState* states = store_.aggregates(slot);
        for (size_t i = 0; i < config_.layout.cells.size(); ++i) states[i] = config_.layout.decode(i, v);
        r.require(v, "a window");
        WindowRecord& rec = store_.record(slot);
        rec.revision = revision;
        if (stored_due_.size() <= slot) stored_due_.resize(size_t{slot} + 1, EventTime::min_infinity());
        stored_due_[slot] = due(rec);
        if (revision == 0) timers_.add({end, slot, rec.generation, TimerKind::fire});
        else timers_.add({end + config_.allowed_lateness, slot, rec.generation, TimerKind::cleanup});
        (void)created;
    });
}

void WindowStage::rewind_after_drain() {
    w_ = w_before_drain_;
}

void WindowStage::forget_state() {
    store_ = WindowStore(config_.layout);
    timers_ = TimerIndex();
    stored_due_.clear();
    if (lazy_) lazy_->forget_loaded();
}

}  // namespace eddy
