// Entry points of the config module: a pipeline TOML file (SPEC §2) in, a validated Plan
// with every default filled in (SPEC §8 rule 1) out, or one error that names file:line:column.
#pragma once
#include <string>
#include <string_view>

#include "config/plan.hpp"

namespace eddy {

// Reads and parses the file. A file that cannot be read throws
// EddyError(ExitCode::no_input, "<path>: <strerror>"); a mistake in it, as parse_plan.
Plan load_plan_file(const std::string& path);

// Parses pipeline text. `display_path` is the name used in messages and in Plan::path, and
// its directory is where [[test]] input_file/expected_file are resolved from. Any mistake
// throws EddyError(ExitCode::config, "<display_path>:<line>:<column>: <message>").
Plan parse_plan(std::string_view toml_text, const std::string& display_path);

}  // namespace eddy
