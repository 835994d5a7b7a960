// Field paths as written in a pipeline file: "a.b.c" walks objects; "/a/b/0" is a JSON
// pointer (RFC 6901, ~0 and ~1 escapes) that also indexes arrays (SPEC §8 rule 7).
#pragma once
#include <string_view>

#include "config/plan.hpp"
#include "core/error.hpp"

namespace eddy {

// A text starting with '/' is a pointer: every '/' starts a step ("/" is the member named "").
// Otherwise the text is split at dots and no step may be empty. On error, Error.column is
// the 1-based offset in `text` of the offending character (line = 0) and the message says
// what is wrong, e.g. "empty name", "bad escape '~2'".
Result<FieldPath> parse_field_path(std::string_view text);

}  // namespace eddy
