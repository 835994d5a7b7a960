// Minimal JSON string escaping. Runs of bytes that need no escape are appended in one go,
// so typical strings cost one scan and one append.
#include "json/json_escape.hpp"

namespace eddy {

namespace {
bool escaped_byte(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }
}  // namespace

bool needs_escape(std::string_view s) {
    for (char c : s)
        if (escaped_byte(static_cast<unsigned char>(c))) return true;
    return false;
}

void append_json_string(std::string& out, std::string_view utf8) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    size_t run = 0;  // start of the pending run of bytes copied raw
    for (size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (!escaped_byte(c)) continue;
        out.append(utf8.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\b': out.append("\\b"); break;
            case '\f': out.append("\\f"); break;
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            default: {
                const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
                out.append(u, sizeof u);
            }
        }
    }
    out.append(utf8.data() + run, utf8.size() - run);
    out.push_back('"');
}

}  // namespace eddy
