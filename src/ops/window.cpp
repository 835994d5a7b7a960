// Judges each event against the current W per window, updates aggregates, re-emits fired
// windows at once (revisions), and on each W fires what it closed as one sorted batch.
#include "ops/window.hpp"

#include <algorithm>

#include "json/json_escape.hpp"
#include "json/number_format.hpp"
#include "time/time_output.hpp"

namespace eddy {

WindowStage::WindowStage(WindowStageConfig config, const KeyTable& keys, LateEventSink& late, AggCounters& agg_counters)
    : config_(std::move(config)),
      assigner_(config_.spec.size, config_.spec.slide, config_.spec.offset),
      keys_(keys),
      late_(late),
      agg_counters_(agg_counters),
      store_([this] {
          std::vector<AggKind> kinds;
          for (const AggSpec& a : config_.spec.aggregates) kinds.push_back(a.kind);
          return kinds;
      }()),
      with_revisions_(config_.allowed_lateness > Duration::zero()) {
    for (const std::string& name : config_.key_names) {
        std::string prefix;
        append_json_string(prefix, name);
        prefix.push_back(':');
        key_field_prefixes_.push_back(std::move(prefix));
    }
    batch_text_.reserve(1 << 16);
}

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
                timers_.add({end + lateness, slot, TimerKind::cleanup});
            } else {
                timers_.add({end, slot, TimerKind::fire});
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
        if (t.kind == TimerKind::fire) {
            WindowRecord& rec = store_.record(t.slot);
            rec.revision = 1;
            render_row(t.slot);
            if (with_revisions_) timers_.add({rec.end + config_.allowed_lateness, t.slot, TimerKind::cleanup});
            else store_.erase(t.slot);
        } else {
            store_.erase(t.slot);
        }
    }
    if (!batch_.empty()) emit_batch(out);
    out.emit_watermark(w_);
}

void WindowStage::render_row(WindowStore::Slot s) {
    const WindowRecord& rec = store_.record(s);
    const uint32_t begin = static_cast<uint32_t>(batch_text_.size());
    std::string& o = batch_text_;
    o.push_back('{');
    const size_t n_keys = std::min(key_field_prefixes_.size(), keys_.component_count(rec.key));
    for (size_t i = 0; i < n_keys; ++i) {
        o.append(key_field_prefixes_[i]);
        o.append(keys_.component(rec.key, i));
        o.push_back(',');
    }
    o.append("\"window_start\":");
    append_time_bound(o, rec.start, config_.time_format);
    o.append(",\"window_end\":");
    append_time_bound(o, rec.end, config_.time_format);
    const auto& aggs = config_.spec.aggregates;
    const AggState* states = store_.aggregates(s);
    for (size_t i = 0; i < aggs.size(); ++i) {
        o.push_back(',');
        append_json_string(o, aggs[i].name);
        o.push_back(':');
        agg_write(states[i], o, agg_counters_);
    }
    if (with_revisions_) {
        o.append(",\"revision\":");
        append_int(o, rec.revision);
    }
    o.push_back('}');
    batch_.push_back({rec.end, rec.key, rec.start, begin, static_cast<uint32_t>(o.size())});
}

void WindowStage::emit_batch(StageOutput& out) {
    // Rule 20: one input event's rows sorted by (window_end, key text, window_start).
    std::stable_sort(batch_.begin(), batch_.end(), [this](const PendingRow& a, const PendingRow& b) {
        if (a.end != b.end) return a.end < b.end;
        if (a.key != b.key) {
            int c = keys_.text(a.key).compare(keys_.text(b.key));
            if (c != 0) return c < 0;
        }
        return a.start < b.start;
    });
    for (const PendingRow& r : batch_) {
        ++counters_.rows;
        out.emit_row(std::string_view(batch_text_).substr(r.text_begin, r.text_end - r.text_begin),
                     r.end - Duration(1), ArrivalSeq(++row_seq_), r.key);
    }
    batch_.clear();
    batch_text_.clear();
}

}  // namespace eddy
