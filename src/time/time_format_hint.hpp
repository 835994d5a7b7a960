// When a time cannot be read, a guess at the `time_format` that would read it: the common
// layouts of web servers, mail and logs (SPEC §5: the message names the format where it can).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace eddy {

struct TimeFormatHint {
    std::string layout;       // what the text looks like, e.g. "an Apache/nginx time"
    std::string time_format;  // the [source] time_format that reads it; empty when none can
    std::string note;         // anything the user must know, e.g. "read in [source] timezone"
};

std::optional<TimeFormatHint> suggest_time_format(std::string_view text);

// "an Apache/nginx time: try time_format = \"%d/%b/%Y:%H:%M:%S %z\"", or "" without a guess.
std::string time_format_hint_phrase(std::string_view text);
// The phrase in parentheses after a space, or "".
std::string time_format_hint_text(std::string_view text);

}  // namespace eddy
