// Durations as written in pipeline files: integer+unit parts summed in any order ("1h30m"),
// units ns us ms s m h d, an optional leading '-' (SPEC §8 rule 9).
#pragma once
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time_types.hpp"

namespace eddy {

// Error.column is the 1-based offset inside `text` of the offending character (line = 0).
// A bare number ("5"), an empty string, an unknown unit, or an overflow is an error.
Result<Duration> parse_duration(std::string_view text);

// The canonical text parse_duration reads back to `d`, largest unit first: "1h30m", "1s500ms", "0s".
std::string format_duration(Duration d);

}  // namespace eddy
