// What a run dropped, said at its end (SPEC §5: nothing is dropped without a word): one
// warning line per kind of loss, naming the setting that decides it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "config/plan.hpp"
#include "core/time_types.hpp"
#include "engine/run_counters.hpp"

namespace eddy {

// Counted while the run goes: invalid lines by kind of reason, the largest disorder seen.
class LossTally {
public:
    void invalid(std::string_view reason);
    void disorder(Duration d) {
        if (d > largest_disorder_) largest_disorder_ = d;
    }
    // The warning lines (without "eddy: warning: " and newline) for what `c` counted.
    std::vector<std::string> summary(const RunCounters& c, const Plan& plan) const;

private:
    absl::flat_hash_map<std::string, uint64_t> invalid_;
    Duration largest_disorder_;
};

}  // namespace eddy
