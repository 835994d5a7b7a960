// Parsing a pipeline file's TOML text safely: toml++ builds dotted keys recursively, so a
// key of tens of thousands of parts would overflow the stack; it runs on a large one instead.
#pragma once
#include <string_view>

#include <toml++/toml.h>

namespace eddy {

// Pipeline files are small; a larger file is a mistake (and bounds the parser's recursion).
inline constexpr size_t kMaxPipelineFileBytes = size_t{1} << 20;

// toml::parse on a thread whose stack is large enough for any file of at most
// kMaxPipelineFileBytes. Throws toml::parse_error like toml::parse.
toml::table parse_toml_document(std::string_view text, std::string_view display_path);

}  // namespace eddy
