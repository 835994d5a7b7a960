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

private:
    struct Expiry {
        EventTime at;
        DedupId id;
        bool operator>(const Expiry& o) const { return at > o.at; }
    };
    std::optional<Duration> within_;
    absl::flat_hash_set<DedupId> ids_;
    std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> expiries_;
};

}  // namespace eddy
