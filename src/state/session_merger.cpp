// Sessions of one key never touch each other (a touching event merges them), so ordered by
// start they are ordered by end too: the search walks back from the last start <= t + gap.
#include "state/session_merger.hpp"

#include <algorithm>

namespace eddy {

SessionMerger::Placement SessionMerger::place(KeyId key, EventTime t) {
    touched_.clear();
    const EventTime reach = t + gap_;
    auto it = by_key_.upper_bound(IndexKey{key.value(), reach.ns()});
    while (it != by_key_.begin()) {
        --it;
        if (it->first.first != key.value()) break;
        const SessionRecord& r = records_[it->second];
        if (r.end < t) break;  // this one and every earlier one end before t
        touched_.push_back(it->second);
    }
    std::reverse(touched_.begin(), touched_.end());
    Placement p{t, t, reach, 0, touched_.size()};
    for (Slot s : touched_) {
        const SessionRecord& r = records_[s];
        p.start = std::min(p.start, r.start);
        p.last = std::max(p.last, r.last);
        p.revision = std::max(p.revision, r.revision);
    }
    p.end = p.last + gap_;
    return p;
}

SessionMerger::Slot SessionMerger::create(KeyId key, EventTime t) {
    Slot s;
    if (!free_.empty()) {
        s = free_.back();
        free_.pop_back();
    } else {
        s = static_cast<Slot>(records_.size());
        records_.emplace_back();
    }
    SessionRecord& r = records_[s];
    r = SessionRecord{key, t, t, t + gap_, 0, r.generation, EventTime::max_infinity(), true, false, false};
    by_key_.emplace(IndexKey{key.value(), t.ns()}, s);
    by_start_.emplace(t.ns(), s);
    return s;
}

SessionMerger::Slot SessionMerger::restore(KeyId key, EventTime start, EventTime last, bool cut) {
    const Slot s = create(key, start);
    SessionRecord& r = records_[s];
    r.last = last;
    r.end = last + gap_;
    if (cut) {
        by_key_.erase(IndexKey{key.value(), start.ns()});
        r.cut = true;
    }
    return s;
}

void SessionMerger::reshape(Slot s, const Placement& p) {
    SessionRecord& r = records_[s];
    if (p.start != r.start) {
        by_key_.erase(IndexKey{r.key.value(), r.start.ns()});
        by_key_.emplace(IndexKey{r.key.value(), p.start.ns()}, s);
        by_start_.erase({r.start.ns(), s});
        by_start_.emplace(p.start.ns(), s);
    }
    r.start = p.start;
    r.last = p.last;
    r.end = p.end;
    r.revision = p.revision;
}

void SessionMerger::cut_touched() {
    for (Slot s : touched_) {
        SessionRecord& r = records_[s];
        by_key_.erase(IndexKey{r.key.value(), r.start.ns()});
        r.cut = true;
    }
    touched_.clear();
}

void SessionMerger::erase(Slot s) {
    SessionRecord& r = records_[s];
    if (!r.cut) by_key_.erase(IndexKey{r.key.value(), r.start.ns()});
    by_start_.erase({r.start.ns(), s});
    r.live = false;
    ++r.generation;
    free_.push_back(s);
}

EventTime SessionMerger::earliest_start() const {
    return by_start_.empty() ? EventTime::max_infinity() : EventTime(by_start_.begin()->first);
}

}  // namespace eddy
