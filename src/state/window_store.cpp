// Slots are recycled through a free list so that steady-state windowing allocates nothing
// per event: a new window reuses a dead slot's record and aggregate cells.
#include "state/window_store.hpp"

namespace eddy {

WindowStore::WindowStore(AggLayout layout) : layout_(std::move(layout)) {}

std::pair<WindowStore::Slot, bool> WindowStore::find_or_create(KeyId key, EventTime start, EventTime end) {
    auto [it, inserted] = index_.try_emplace(WindowKey{key, start.ns()}, Slot{0});
    if (!inserted) return {it->second, false};
    Slot s;
    if (!free_.empty()) {
        s = free_.back();
        free_.pop_back();
        const size_t n = layout_.cells.size();
        for (size_t i = 0; i < n; ++i) aggs_[size_t{s} * n + i] = layout_.make(i);
    } else {
        s = static_cast<Slot>(records_.size());
        records_.emplace_back();
        for (size_t i = 0; i < layout_.cells.size(); ++i) aggs_.push_back(layout_.make(i));
    }
    it->second = s;
    const uint32_t generation = records_[s].generation + 1;
    records_[s] = WindowRecord{key, start, end, 0, generation, true};
    return {s, true};
}

void WindowStore::erase(Slot s) {
    WindowRecord& r = records_[s];
    index_.erase(WindowKey{r.key, r.start.ns()});
    r.live = false;
    free_.push_back(s);
}

}  // namespace eddy
