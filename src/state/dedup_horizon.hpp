// The identities a dedup stage remembers (SPEC §8 rule 14): 128-bit hashes, each until W
// passes its first time + within, so memory follows the horizon, not the stream.
#pragma once
#include <cstdint>
#include <optional>
#include <queue>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "core/time_types.hpp"

namespace eddy {

// XXH3-128 of an identity's text: a fixed 16 bytes whatever the record's size.
struct DedupId {
    uint64_t low = 0, high = 0;
    bool operator==(const DedupId&) const = default;
    template <class H> friend H AbslHashValue(H h, const DedupId& id) { return H::combine(std::move(h), id.low, id.high); }
    static DedupId of(std::string_view identity_text);
};

class DedupHorizon {
public:
    // within = nullopt: "forever", nothing expires.
    explicit DedupHorizon(std::optional<Duration> within) : within_(within) {}

    // Remembers `id` first seen at `t`; false when it is already remembered (a duplicate,
    // which neither refreshes nor moves the first time).
    bool remember(const DedupId& id, EventTime t);
    // Forgets the identities whose first time + within <= w.
    void expire(Watermark w);
    size_t size() const { return ids_.size(); }
    bool contains(const DedupId& id) const { return ids_.contains(id); }

    // For checkpoints: the identities remembered since the last call, with their expiry
    // (max_infinity for "forever"); and one read back from the state store.
    template <class Fn>
    void take_unsaved(Fn&& fn) {
        for (const Expiry& e : unsaved_) fn(e.at, e.id);
        unsaved_.clear();
    }
    void restore(const DedupId& id, EventTime expiry) {
        ids_.insert(id);
        if (within_) expiries_.push({expiry, id});
    }
    bool forever() const { return !within_; }

private:
    struct Expiry {
        EventTime at;
        DedupId id;
        bool operator>(const Expiry& o) const { return at > o.at; }
    };
    std::optional<Duration> within_;
    absl::flat_hash_set<DedupId> ids_;
    std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> expiries_;
    std::vector<Expiry> unsaved_;
    bool track_unsaved_ = false;

public:
    // Only a run with a state dir keeps the list of unsaved identities.
    void track_unsaved() { track_unsaved_ = true; }
};

}  // namespace eddy
