// JSON string literals with minimal escaping (SPEC §8 rule 12): the one spelling of a string
// that key identity, canonical text and dead-letter records all share.
#pragma once
#include <string>
#include <string_view>

namespace eddy {

// Appends "..." with only `"`, `\` and control bytes < 0x20 escaped (\b \f \n \r \t, else
// \u00xx in lowercase hex). Non-ASCII UTF-8, DEL and '/' are copied as they are.
void append_json_string(std::string& out, std::string_view utf8);

// Whether append_json_string would escape any byte of s (lets callers copy a raw literal).
bool needs_escape(std::string_view s);

}  // namespace eddy
