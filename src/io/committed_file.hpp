// Exactly-once output files (SPEC §6, rule 29): before a run appends to a file, whatever a
// crashed run wrote past the last checkpoint is cut off; a file shorter than that is an error.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace eddy {

// `committed`: the length the last checkpoint recorded for this file (nullopt: none yet).
// Truncates a longer file to it; throws EddyError(io) when the file is missing or shorter.
void cut_back_to_committed(const std::string& path, std::optional<uint64_t> committed);

// The absolute path an output file is remembered under (the file may not exist yet).
std::string output_key(const std::string& path);

}  // namespace eddy
