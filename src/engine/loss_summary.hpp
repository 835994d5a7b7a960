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
    // A time text that could not be read: the first one is shown with a time_format hint.
    void unreadable_time(std::string_view text) {
        if (first_unreadable_time_.empty()) first_unreadable_time_ = std::string(text.substr(0, 200));
    }
    void disorder(Duration d) {
        if (d > largest_disorder_) largest_disorder_ = d;
    }
    // The warning lines (without "eddy: warning: " and newline) for what `c` counted.
    std::vector<std::string> summary(const RunCounters& c, const Plan& plan) const;

private:
    absl::flat_hash_map<std::string, uint64_t> invalid_;
    Duration largest_disorder_;
    std::string first_unreadable_time_;
};

}  // namespace eddy
