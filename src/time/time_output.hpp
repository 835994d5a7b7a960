// Writes a window bound as a JSON value per [output] time_format: an RFC 3339 string in UTC
// with milliseconds ("2024-05-01T10:00:00.000Z") or an epoch integer, floored (SPEC §8 rule 25).
#pragma once
#include <string>

#include "core/time_types.hpp"
#include "time/time_format.hpp"

namespace eddy {

void append_time_bound(std::string& out, EventTime t, OutputTimeFormat format);

}  // namespace eddy
