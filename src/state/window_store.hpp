// Open windows of one window stage: (key, window start) -> a slot holding the window's bounds,
// firing status and its aggregate states laid out contiguously; freed slots are reused.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "agg/agg_layout.hpp"
#include "core/time_types.hpp"
#include "state/key_table.hpp"

namespace eddy {

struct WindowRecord {
    KeyId key;
    EventTime start;
    EventTime end;
    uint32_t revision = 0;  // times emitted so far (0 = never fired)
    uint32_t generation = 0;  // bumped when the slot is reused, so timers of its old window are stale
    bool live = false;
};

class WindowStore {
public:
    using Slot = uint32_t;

    explicit WindowStore(AggLayout layout);

    // The window of `key` starting at `start`, created empty when absent (second = created).
    std::pair<Slot, bool> find_or_create(KeyId key, EventTime start, EventTime end);
    WindowRecord& record(Slot s) { return records_[s]; }
    const WindowRecord& record(Slot s) const { return records_[s]; }
    AggState* aggregates(Slot s) { return &aggs_[size_t{s} * layout_.cells.size()]; }
    const AggState* aggregates(Slot s) const { return &aggs_[size_t{s} * layout_.cells.size()]; }
    size_t aggregate_count() const { return layout_.cells.size(); }
    void erase(Slot s);
    size_t open_count() const { return index_.size(); }

private:
    struct WindowKey {
        KeyId key;
        int64_t start;
        bool operator==(const WindowKey&) const = default;
        template <class H> friend H AbslHashValue(H h, const WindowKey& k) { return H::combine(std::move(h), k.key, k.start); }
    };
    AggLayout layout_;
    std::vector<WindowRecord> records_;
    std::vector<AggState> aggs_;
    std::vector<Slot> free_;
    absl::flat_hash_map<WindowKey, Slot> index_;
};

}  // namespace eddy
