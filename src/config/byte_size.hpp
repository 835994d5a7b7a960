// Sizes as written in a pipeline file ([state] max_size = "4GiB"): an integer and one of
// the units B KiB MiB GiB TiB (powers of 1024), nothing else.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eddy {

// nullopt for anything but digits followed by a unit, or a size beyond 64 bits.
std::optional<uint64_t> parse_byte_size(std::string_view text);

// In the largest unit that divides `bytes` exactly: 4294967296 -> "4GiB", 1536 -> "1536B", 0 -> "0B".
std::string format_byte_size(uint64_t bytes);

}  // namespace eddy
