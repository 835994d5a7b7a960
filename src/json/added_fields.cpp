// The last `}` of a valid object line is its closing brace: only whitespace (and `\r`) may
// follow it, and that tail is kept after the inserted members.
#include "json/added_fields.hpp"

namespace eddy {

namespace {
bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
}  // namespace

void append_with_members(std::string& out, std::string_view record, std::string_view members) {
    const size_t close = record.rfind('}');
    if (close == std::string_view::npos) {  // not an object: nothing to insert into
        out.append(record);
        return;
    }
    size_t before = close;
    while (before > 0 && is_json_space(record[before - 1])) --before;
    const bool empty_object = before > 0 && record[before - 1] == '{';
    out.append(record.substr(0, close));
    if (!empty_object) out.push_back(',');
    out.append(members);
    out.append(record.substr(close));
}

}  // namespace eddy
