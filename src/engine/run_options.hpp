// What `eddy run` was asked to do beyond the pipeline file (SPEC §1 options).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/plan.hpp"
#include "core/time_types.hpp"

namespace eddy {

struct RunOptions {
    std::vector<std::string> inputs;   // empty = stdin; "-" = stdin
    std::string output;                // -o FILE; empty = stdout
    std::string state_dir;             // --state
    bool drain = false;
    bool reset_state = false;
    bool wait = false;
    bool stats = false;
    bool quiet = false;                // --quiet: no warnings, no end-of-run summary
    std::optional<bool> progress;      // unset: on when stderr is a TTY
    std::optional<EventTime> now;      // --now: the wall clock for max_future
    unsigned threads = 0;
    std::optional<OutputFormat> format; // --format: overrides [output] format
};

}  // namespace eddy
