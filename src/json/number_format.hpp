// Numbers as eddy prints them: integers as their digits, floats as the shortest text that
// reads back to the same double, laid out like Python's repr (SPEC §8 rule 19).
#pragma once
#include <cstdint>
#include <string>

namespace eddy {

void append_int(std::string& out, int64_t v);
void append_uint(std::string& out, uint64_t v);

// Appends v per SPEC §8 rule 19 ("2.0", "0.0001", "1e-05", "1e+16", "-0.0") and returns true.
// NaN and ±Inf have no JSON form: appends `null` and returns false so that the caller can
// count them (SPEC §8 rule 31).
bool append_double(std::string& out, double v);

}  // namespace eddy
