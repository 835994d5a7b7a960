// Messages are one line (SPEC §1): names and values quoted from a pipeline file or an input
// may hold newlines or control bytes, so they are escaped where a message is printed.
#pragma once
#include <string>
#include <string_view>

namespace eddy {

// `text` with \n, \r, \t and other bytes below 0x20 (and DEL) written as \n, \r, \t, \xNN.
std::string one_line(std::string_view text);

}  // namespace eddy
