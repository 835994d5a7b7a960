// Buffered events are sorted by (time, arrival) only when their session fires; the watermark
// passed on is held back so that the events it emits later are not late downstream.
#include "ops/sessionize.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <xxhash.h>

#include "json/added_fields.hpp"
#include "json/json_escape.hpp"
#include "json/number_format.hpp"

namespace eddy {

SessionizeStage::SessionizeStage(const SessionizeSpec& spec, const KeyTable& keys, LateEventSink& late)
    : max_duration_(spec.max_duration), keys_(keys), late_(late), sessions_(spec.gap) {
    append_json_string(id_prefix_, spec.id_field);
    id_prefix_.append(":\"");
    seq_prefix_ = "\",";
    append_json_string(seq_prefix_, spec.seq_field);
    seq_prefix_.push_back(':');
}

std::vector<SessionizeStage::BufferedEvent>& SessionizeStage::events_of(SessionMerger::Slot s) {
    if (payload_.size() <= s) payload_.resize(size_t{s} + 1);
    return payload_[s];
}

void SessionizeStage::on_event(const Event& e, StageOutput&) {
    const Duration gap = sessions_.gap();
    SessionMerger::Placement p = sessions_.place(e.key, e.time);
    SessionMerger::Slot slot;
    if (p.touched > 0 && max_duration_ && p.start + *max_duration_ < p.last) {
        // The session would span more than max_duration: the touched ones are cut and this
        // event starts a session of its own (docs/stateful-stages.md).
        if (w_ >= e.time + gap) {
            ++counters_.late;
            late_.on_late(e);
            return;
        }
        sessions_.cut_touched();
        slot = sessions_.create(e.key, e.time);
        events_of(slot).clear();
    } else {
        if (w_ >= p.end) {  // late like a session window with no allowed lateness
            ++counters_.late;
            late_.on_late(e);
            return;
        }
        bool created;
        std::tie(slot, created) =
            sessions_.commit(e.key, e.time, p, [&](SessionMerger::Slot into, SessionMerger::Slot from) {
                std::vector<BufferedEvent>& src = events_of(from);
                std::vector<BufferedEvent>& dst = events_of(into);  // after src: events_of may grow payload_
                dst.insert(dst.end(), src.begin(), src.end());
                src.clear();
            });
        if (created) events_of(slot).clear();
    }
    events_of(slot).push_back({e.time, e.seq, arena_.store(e.record)});
    sessions_.schedule(slot, sessions_.record(slot).end);
}

void SessionizeStage::on_watermark(Watermark w, StageOutput& out) {
    if (w > w_) w_ = w;
    SessionMerger::Slot slot;
    fired_.clear();
    while (sessions_.pop_due(w_, slot)) {
        const SessionRecord& rec = sessions_.record(slot);
        if (w_ < rec.end) sessions_.schedule(slot, rec.end);  // it grew since the timer was set
        else fired_.push_back({{rec.end, rec.key, rec.start}, slot});
    }
    std::sort(fired_.begin(), fired_.end(),
              [this](const auto& a, const auto& b) { return fires_before(keys_, a.first, b.first); });
    for (const auto& [order, fired] : fired_) {
        emit_session(fired, out);
        for (const BufferedEvent& b : events_of(fired)) arena_.release(b.bytes);
        events_of(fired).clear();
        sessions_.erase(fired);
    }
    // SPEC §3: min(W - gap, the earliest start in state), never going back.
    const Watermark held = std::min(w_ - sessions_.gap(), sessions_.earliest_start());
    if (held > forwarded_) forwarded_ = held;
    out.emit_watermark(forwarded_);
}

void SessionizeStage::emit_session(SessionMerger::Slot s, StageOutput& out) {
    const SessionRecord& rec = sessions_.record(s);
    std::vector<BufferedEvent>& events = events_of(s);
    std::stable_sort(events.begin(), events.end(), [](const BufferedEvent& a, const BufferedEvent& b) {
        return a.time != b.time ? a.time < b.time : a.seq < b.seq;
    });
    // Rule 24: XXH3-64 (seed 0) of key text + "@" + start in decimal nanoseconds.
    id_input_.assign(keys_.text(rec.key));
    id_input_.push_back('@');
    append_int(id_input_, rec.start.ns());
    const uint64_t id = XXH3_64bits(id_input_.data(), id_input_.size());
    char hex[17];
    fmt::format_to_n(hex, 16, "{:016x}", id);
    hex[16] = '\0';

    uint64_t seq = 0;
    for (const BufferedEvent& b : events) {
        members_.assign(id_prefix_);
        members_.append(hex, 16);
        members_.append(seq_prefix_);
        append_int(members_, static_cast<int64_t>(++seq));
        line_.clear();
        append_with_members(line_, arena_.view(b.bytes), members_);
        out.emit_row(line_, b.time, ArrivalSeq(++emitted_), rec.key);
    }
}

}  // namespace eddy
