// Counters of one run, reported by --stats as one JSON object and by --progress.
#pragma once
#include <cstdint>
#include <string>

namespace eddy {

struct RunCounters {
    uint64_t lines = 0;          // lines read, blank and invalid included
    uint64_t events_in = 0;      // valid events
    uint64_t records_out = 0;    // lines written to the output
    uint64_t invalid = 0;
    uint64_t blank = 0;
    uint64_t late = 0;
    uint64_t no_window = 0;
    uint64_t duplicates = 0;     // dropped by dedup stages
    uint64_t filtered = 0;       // dropped by filter stages (not a loss: asked for)
    uint64_t wrong_type = 0;
    uint64_t non_finite = 0;
    uint64_t keys = 0;
    uint64_t open_windows = 0;
    uint64_t bytes = 0;          // input bytes consumed (decompressed)
    uint64_t checkpoints = 0;    // with a state dir
    double checkpoint_seconds = 0;
    double seconds = 0;
    std::string watermark = "null";  // a JSON value
};

// {"events_in":..,"events_out":..,...}
std::string format_stats(const RunCounters& c);

}  // namespace eddy
