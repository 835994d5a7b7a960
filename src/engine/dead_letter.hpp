// The dead-letter record for an invalid input line (SPEC §8 rule 28):
// {"reason":"…","file":"…","line":N,"offset":B,"text":"…"} or "base64" for non-UTF-8 bytes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace eddy {

void append_dead_letter(std::string& out, std::string_view reason, std::string_view file, uint64_t line,
                        uint64_t offset, std::string_view text);

}  // namespace eddy
