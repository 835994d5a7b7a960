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

SessionizeStage::SessionPayload& SessionizeStage::payload_of(SessionMerger::Slot s) {
    if (payload_.size() <= s) payload_.resize(size_t{s} + 1);
    return payload_[s];
}

void SessionizeStage::start_payload(SessionMerger::Slot s) {
    SessionPayload& p = payload_of(s);
    p.uid = ++next_uid_;
    p.next_index = 0;
    p.members.assign(1, p.uid);
    p.events.clear();
    p.stored = false;
    p.stored_due = p.stored_start = EventTime::min_infinity();
}

void SessionizeStage::on_event(const Event& e, StageOutput&) {
    if (lazy_ && lazy_->first_sight(e.key)) load_key(keys_.text(e.key));
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
        for (SessionMerger::Slot cut : sessions_.touched()) dirty_.insert(cut);
        sessions_.cut_touched();
        slot = sessions_.create(e.key, e.time);
        start_payload(slot);
    } else {
        if (w_ >= p.end) {  // late like a session window with no allowed lateness
            ++counters_.late;
            late_.on_late(e);
            return;
        }
        bool created;
        std::tie(slot, created) =
            sessions_.commit(e.key, e.time, p, [&](SessionMerger::Slot into, SessionMerger::Slot from) {
                SessionPayload& src = payload_of(from);
                SessionPayload& dst = payload_of(into);  // after src: payload_of may grow payload_
                dst.events.insert(dst.events.end(), src.events.begin(), src.events.end());
                dst.members.insert(dst.members.end(), src.members.begin(), src.members.end());
                erase_stored(src, sessions_.record(from).key);
                src.events.clear();
                src.members.clear();
                src.stored = false;
                dirty_.erase(from);
            });
        if (created) start_payload(slot);
    }
    SessionPayload& sp = payload_of(slot);
    sp.events.push_back({e.time, e.seq, arena_.store(e.record), sp.uid, sp.next_index++, false});
    dirty_.insert(slot);
    sessions_.schedule(slot, sessions_.record(slot).end);
}

void SessionizeStage::on_watermark(Watermark w, StageOutput& out) {
    if (w.is_max_infinity() && !w_.is_max_infinity()) w_before_drain_ = w_;
    if (w > w_) w_ = w;
    if (lazy_) lazy_->load_due(w_, [this](std::string_view text) { load_key(text); });
    SessionMerger::Slot slot;
    fired_.clear();
    while (sessions_.pop_due(w_, slot)) {
        const SessionRecord& rec = sessions_.record(slot);
        if (w_ < rec.end) sessions_.schedule(slot, rec.end);  // it grew since the timer was set
        else fired_.push_back({{rec.end, rec.key, rec.start}, first_arrival(slot), slot});
    }
    // Sessions equal in (end, key, start) exist only after max_duration cuts; the one whose
    // first event arrived first goes first.
    std::sort(fired_.begin(), fired_.end(), [this](const FiredSession& a, const FiredSession& b) {
        if (fires_before(keys_, a.order, b.order)) return true;
        if (fires_before(keys_, b.order, a.order)) return false;
        return a.first_arrival < b.first_arrival;
    });
    for (const auto& [order, arrival, fired] : fired_) {
        emit_session(fired, out);
        SessionPayload& sp = payload_of(fired);
        for (const BufferedEvent& b : sp.events) arena_.release(b.bytes);
        erase_stored(sp, sessions_.record(fired).key);
        erased_event_uids_.insert(erased_event_uids_.end(), sp.members.begin(), sp.members.end());
        sp.events.clear();
        sp.members.clear();
        sp.stored = false;
        dirty_.erase(fired);
        sessions_.erase(fired);
    }
    // SPEC §3: min(W - gap, the earliest start in state), never going back.
    if (w.is_max_infinity() && !forwarded_.is_max_infinity()) forwarded_before_drain_ = forwarded_;
    Watermark held = std::min(w_ - sessions_.gap(), sessions_.earliest_start());
    if (lazy_) {  // stored sessions not read yet may start earlier: read those that do
        lazy_->load_started(held, [this](std::string_view text) { load_key(text); });
        held = std::min(w_ - sessions_.gap(), sessions_.earliest_start());
    }
    if (held > forwarded_) forwarded_ = held;
    out.emit_watermark(forwarded_);
}

ArrivalSeq SessionizeStage::first_arrival(SessionMerger::Slot s) {
    ArrivalSeq first(UINT64_MAX);
    for (const BufferedEvent& b : events_of(s)) first = std::min(first, b.seq);
    return first;
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

namespace {
std::string uid_key(uint64_t uid) {
    std::string k;
    ByteWriter(k).fixed64(uid);
    return k;
}
}  // namespace

std::string key_index(std::string_view key_text, uint64_t uid) {
    std::string k;
    ByteWriter w(k);
    w.bytes(key_text);
    w.fixed64(uid);
    return k;
}

// 'z' + uid: key text, spans, start, last, cut, next index, member uids.
// 'e' + uid + index: time, arrival, the record's bytes.
// 'k' + key text + uid, 't' + end + key text + uid, 'a' + start + key text + uid: the
// indexes lazy loading reads (by key, by due time, by start for the hold-back).
void SessionizeStage::save(StageStateWriter& w) {
    for (const ErasedSession& e : erased_sessions_) {
        const std::string_view text = keys_.text(e.key);
        w.del('z', uid_key(e.uid));
        w.del('k', key_index(text, e.uid));
        w.del('t', time_index_key(e.due, text, static_cast<int64_t>(e.uid)));
        w.del('a', time_index_key(e.start, text, static_cast<int64_t>(e.uid)));
    }
    for (uint64_t uid : erased_event_uids_) w.del_range('e', uid_key(uid), uid_key(uid + 1));
    erased_sessions_.clear();
    erased_event_uids_.clear();
    for (SessionMerger::Slot s : dirty_) {
        const SessionRecord& rec = sessions_.record(s);
        SessionPayload& sp = payload_of(s);
        const std::string_view text = keys_.text(rec.key);
        if (!sp.stored) {
            ByteWriter ik = w.begin_key('k');
            ik.bytes(text);
            ik.fixed64(sp.uid);
            w.begin_value();
            w.put();
        }
        const auto uid = static_cast<int64_t>(sp.uid);
        move_index_entry(w, 't', sp.stored_due, uid, rec.end, uid, text);
        move_index_entry(w, 'a', sp.stored_start, uid, rec.start, uid, text);  // for the hold-back
        ByteWriter k = w.begin_key('z');
        k.fixed64(sp.uid);
        ByteWriter v = w.begin_value();
        v.bytes(text);
        encode_key_spans(v, keys_, rec.key);
        v.svarint(rec.start.ns());
        v.svarint(rec.last.ns());
        v.u8(rec.cut ? 1 : 0);
        v.varint(sp.next_index);
        v.varint(sp.members.size());
        for (uint64_t m : sp.members) v.varint(m);
        w.put();
        sp.stored = true;
        for (BufferedEvent& b : sp.events) {
            if (b.saved) continue;
            ByteWriter ek = w.begin_key('e');
            ek.fixed64(b.stored_uid);
            ek.fixed64(b.stored_index);
            ByteWriter ev = w.begin_value();
            ev.svarint(b.time.ns());
            ev.varint(b.seq.value());
            ev.bytes(arena_.view(b.bytes));
            w.put();
            b.saved = true;
        }
    }
    dirty_.clear();
    ByteWriter m = w.begin_value();
    m.svarint(w_.ns());
    m.svarint(forwarded_.ns());
    m.varint(emitted_);
    m.varint(next_uid_);
    w.begin_key('m');
    w.put();
}

void SessionizeStage::restore(const StageStateReader& r) {
    r.scan('m', [&](std::string_view, ByteReader& v) {
        w_ = Watermark(v.svarint());
        forwarded_ = Watermark(v.svarint());
        emitted_ = v.varint();
        next_uid_ = v.varint();
        r.require(v, "a sessionize stage's watermark");
    });
    lazy_.emplace(r);
}

void SessionizeStage::load_key(std::string_view key_text) {
    const StageStateReader& r = lazy_->reader();
    std::string prefix;
    ByteWriter(prefix).bytes(key_text);
    std::vector<uint64_t> uids;
    r.scan_prefix('k', prefix, [&](std::string_view suffix, ByteReader&) {
        ByteReader k(suffix.substr(prefix.size()));
        uids.push_back(k.fixed64());
        r.require(k, "a session index entry");
    });
    for (uint64_t uid : uids) {
        SessionMerger::Slot slot = 0;
        const bool found = r.get('z', uid_key(uid), [&](ByteReader& v) {
            const std::string_view text = v.bytes();
            const KeyId key = decode_key(v, text, r.keys());
            lazy_->first_sight(key);
            const EventTime start(v.svarint()), last(v.svarint());
            const bool cut = v.u8() != 0;
            const uint64_t next_index = v.varint();
            const uint64_t n = v.varint();
            slot = sessions_.restore(key, start, last, cut);
            SessionPayload& sp = payload_of(slot);
            sp.uid = uid;
            sp.next_index = next_index;
            sp.members.clear();
            sp.events.clear();
            sp.stored = true;
            sp.stored_due = sessions_.record(slot).end;
            sp.stored_start = start;
            for (uint64_t i = 0; i < n && !v.failed(); ++i) sp.members.push_back(v.varint());
            r.require(v, "a session");
        });
        if (!found) r.corrupt("a session index entry without its session");
        SessionPayload& sp = payload_of(slot);
        for (uint64_t member : sp.members) {
            r.scan_prefix('e', uid_key(member), [&](std::string_view suffix, ByteReader& v) {
                ByteReader k(suffix);
                const uint64_t event_uid = k.fixed64(), index = k.fixed64();
                r.require(k, "a session event's key");
                const EventTime time(v.svarint());
                const ArrivalSeq seq(v.varint());
                const std::string_view bytes = v.bytes();
                r.require(v, "a session event");
                sp.events.push_back({time, seq, arena_.store(bytes), event_uid, index, true});
            });
        }
        sessions_.schedule(slot, sessions_.record(slot).end);
    }
}

void SessionizeStage::rewind_after_drain() {
    w_ = w_before_drain_;
    forwarded_ = forwarded_before_drain_;
}

void SessionizeStage::forget_state() {
    sessions_ = SessionMerger(sessions_.gap());
    payload_.clear();
    arena_ = EventArena();
    if (lazy_) lazy_->forget_loaded();
}

}  // namespace eddy
