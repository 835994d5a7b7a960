// The --stats object: names follow SPEC §1's list so scripts can rely on them.
#include "engine/run_counters.hpp"

#include <fmt/format.h>

namespace eddy {

std::string format_stats(const RunCounters& c) {
    return fmt::format(
        "{{\"events_in\":{},\"events_out\":{},\"lines\":{},\"invalid\":{},\"blank\":{},\"late\":{},"
        "\"no_window\":{},\"duplicates_dropped\":{},\"filtered\":{},\"wrong_type\":{},\"non_finite\":{},\"keys\":{},"
        "\"windows_open\":{},\"watermark\":{},\"bytes\":{},\"checkpoints\":{},\"checkpoint_seconds\":{:.3f},"
        "\"seconds\":{:.3f}}}",
        c.events_in, c.records_out, c.lines, c.invalid, c.blank, c.late, c.no_window, c.duplicates, c.filtered, c.wrong_type, c.non_finite,
        c.keys, c.open_windows, c.watermark, c.bytes, c.checkpoints, c.checkpoint_seconds, c.seconds);
}

}  // namespace eddy
