// Expiry is a min-heap on first time + within: events arrive nearly in time order, so pushes
// and pops stay near the top; a watermark advance pops exactly what it expires.
#include "state/dedup_horizon.hpp"

#include <xxhash.h>

namespace eddy {

DedupId DedupId::of(std::string_view identity_text) {
    const XXH128_hash_t h = XXH3_128bits(identity_text.data(), identity_text.size());
    return DedupId{h.low64, h.high64};
}

bool DedupHorizon::remember(const DedupId& id, EventTime t) {
    if (!ids_.insert(id).second) return false;
    const EventTime expiry = within_ ? t + *within_ : EventTime::max_infinity();
    if (within_) expiries_.push({expiry, id});
    if (track_unsaved_) unsaved_.push_back({expiry, id});
    return true;
}

void DedupHorizon::expire(Watermark w) {
    while (!expiries_.empty() && expiries_.top().at <= w) {
        ids_.erase(expiries_.top().id);
        expiries_.pop();
    }
}

}  // namespace eddy
