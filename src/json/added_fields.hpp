// Pass-through records with fields added (SPEC §4, §8 rule 26): every byte of the record is
// kept and the new members go just before its last `}`.
#pragma once
#include <string>
#include <string_view>

namespace eddy {

// Appends `record` to `out` with `members` (`"a":1,"b":2`, no leading comma) inserted before
// the record's last `}`; a comma separates them from earlier members unless the object is
// empty. `record` is a valid JSON object (it passed extraction), so a last `}` exists.
void append_with_members(std::string& out, std::string_view record, std::string_view members);

}  // namespace eddy
