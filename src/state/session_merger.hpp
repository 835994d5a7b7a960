// The open sessions of one stage (SPEC §3): per key ordered by start, so an event finds the
// sessions it touches in O(log n) and merges them into the earliest; and their timers.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include <absl/container/btree_map.h>
#include <absl/container/btree_set.h>

#include "core/time_types.hpp"
#include "state/key_table.hpp"
#include "state/timer_index.hpp"

namespace eddy {

struct SessionRecord {
    KeyId key;
    EventTime start;          // first event time
    EventTime last;           // last event time
    EventTime end;            // last + gap
    uint32_t revision = 0;    // the revision last printed (0 = never)
    uint32_t generation = 0;  // bumped when the slot is freed: timers of an earlier session in it are stale
    EventTime timer_due = EventTime::max_infinity();  // the one timer the session relies on
    bool live = false;
    bool pending = false;     // to be printed when W reaches `end` (session windows)
    bool cut = false;         // closed to new events (sessionize max_duration)
};

class SessionMerger {
public:
    using Slot = uint32_t;

    // What an event would form with the sessions it touches (SPEC §3).
    struct Placement {
        EventTime start, last, end;
        uint32_t revision = 0;    // the highest among the touched sessions
        size_t touched = 0;       // how many sessions it touches
    };

    explicit SessionMerger(Duration gap) : gap_(gap) {}

    // Finds the open (not cut) sessions of `key` that an event at `t` touches — `t <= end` and
    // `t + gap >= start` — and the bounds of the session they would form with it.
    Placement place(KeyId key, EventTime t);

    // Applies the last place(): folds the touched sessions, in start order, into the earliest
    // (absorb(into, from) moves a stage's payload before `from` is freed) and extends it by
    // `t`; with none touched, a new session of `t` alone. Returns the slot and whether it is new.
    template <class Absorb>
    std::pair<Slot, bool> commit(KeyId key, EventTime t, const Placement& p, Absorb&& absorb) {
        if (touched_.empty()) return {create(key, t), true};
        const Slot into = touched_.front();
        for (size_t i = 1; i < touched_.size(); ++i) {
            absorb(into, touched_[i]);
            erase(touched_[i]);
        }
        reshape(into, p);
        return {into, false};
    }

    // A new session of `t` alone, whatever it touches (sessionize after a max_duration cut).
    Slot create(KeyId key, EventTime t);
    // A session read back from the state store.
    Slot restore(KeyId key, EventTime start, EventTime last, bool cut);
    // The sessions the last place() found, in start order.
    const std::vector<Slot>& touched() const { return touched_; }
    // Marks the sessions found by the last place() as cut: they fire as usual but never merge again.
    void cut_touched();

    // Makes sure the session is looked at when W reaches `due`: one timer per session at a
    // time, replaced only by an earlier one, so a session that grows with every event does
    // not pile up timers (a later due is handled when the earlier timer pops).
    void schedule(Slot s, EventTime due) {
        SessionRecord& r = records_[s];
        if (due >= r.timer_due) return;
        r.timer_due = due;
        timers_.add({due, s, r.generation, TimerKind::fire});
    }
    // The next session whose timer is due at `w`, skipping timers of freed or re-scheduled
    // sessions; the session then has no timer until it is scheduled again.
    bool pop_due(Watermark w, Slot& out) {
        Timer t;
        while (timers_.pop_due(w, t)) {
            SessionRecord& r = records_[t.slot];
            if (!r.live || r.generation != t.generation || r.timer_due != t.due) continue;
            r.timer_due = EventTime::max_infinity();
            out = t.slot;
            return true;
        }
        return false;
    }

    SessionRecord& record(Slot s) { return records_[s]; }
    const SessionRecord& record(Slot s) const { return records_[s]; }
    void erase(Slot s);
    size_t open_count() const { return by_start_.size(); }
    // The earliest start among the sessions in state (cut ones included); +inf when none.
    EventTime earliest_start() const;
    Duration gap() const { return gap_; }

private:
    using IndexKey = std::pair<uint32_t, int64_t>;  // (key id, start)
    void reshape(Slot s, const Placement& p);

    Duration gap_;
    std::vector<SessionRecord> records_;
    std::vector<Slot> free_;
    absl::btree_map<IndexKey, Slot> by_key_;            // open, not cut: what events can touch
    absl::btree_set<std::pair<int64_t, Slot>> by_start_;  // every session in state
    std::vector<Slot> touched_;                         // the last place()'s result, in start order
    TimerIndex timers_;
};

}  // namespace eddy
