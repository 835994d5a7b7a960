// The original line travels as a JSON string when it is valid UTF-8, else as base64, so a
// dead-letter file is itself strict NDJSON whatever came in.
#include "engine/dead_letter.hpp"

#include <simdjson.h>

#include "json/json_escape.hpp"
#include "json/number_format.hpp"

namespace eddy {

namespace {
void append_base64(std::string& out, std::string_view bytes) {
    static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
        out.push_back(table[v >> 18]);
        out.push_back(table[(v >> 12) & 63]);
        out.push_back(table[(v >> 6) & 63]);
        out.push_back(table[v & 63]);
    }
    if (i + 1 == bytes.size()) {
        uint32_t v = uint8_t(bytes[i]) << 16;
        out.push_back(table[v >> 18]);
        out.push_back(table[(v >> 12) & 63]);
        out.append("==");
    } else if (i + 2 == bytes.size()) {
        uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
        out.push_back(table[v >> 18]);
        out.push_back(table[(v >> 12) & 63]);
        out.push_back(table[(v >> 6) & 63]);
        out.push_back('=');
    }
}
}  // namespace

void append_dead_letter(std::string& out, std::string_view reason, std::string_view file, uint64_t line,
                        uint64_t offset, std::string_view text) {
    out.append("{\"reason\":");
    append_json_string(out, reason);
    out.append(",\"file\":");
    append_json_string(out, file);
    out.append(",\"line\":");
    append_uint(out, line);
    out.append(",\"offset\":");
    append_uint(out, offset);
    if (simdjson::validate_utf8(text.data(), text.size())) {
        out.append(",\"text\":");
        append_json_string(out, text);
    } else {
        out.append(",\"base64\":\"");
        append_base64(out, text);
        out.push_back('"');
    }
    out.append("}\n");
}

}  // namespace eddy
