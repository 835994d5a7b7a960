// Where a byte of a TOML string value was written in the file, so that an error inside a
// `where` expression points at its line and column even across escapes and multi-line strings.
#pragma once
#include <cstddef>
#include <string_view>

#include "config/plan_types.hpp"

namespace eddy {

// `value_pos` is where the string value starts (its opening quote), as toml++ reports it
// (1-based line and column, columns counted in characters). `decoded_offset` is a byte offset
// in the value after unescaping; its end maps to the closing quote. Falls back to `value_pos`
// when the text is unknown or does not hold a string there.
SourcePos toml_string_position(std::string_view file_text, SourcePos value_pos, size_t decoded_offset);

}  // namespace eddy
