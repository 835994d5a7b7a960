// How event times are written in input records ([source] time_format) and how window
// bounds are written in output rows ([output] time_format), SPEC §2, §3, §8 rules 2, 3, 25.
#pragma once
#include <string>

namespace eddy {

enum class TimeFormatKind { auto_detect, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strftime };

struct TimeFormat {
    TimeFormatKind kind = TimeFormatKind::auto_detect;
    std::string pattern;  // kind == strftime: the pattern as written, e.g. "%d/%b/%Y:%H:%M:%S %z"
};

enum class OutputTimeFormat { rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns };

}  // namespace eddy
