// Field paths: dotted names or JSON pointers (SPEC §8 rule 7) turned into the list of steps
// the extractor walks, so the hot path never looks at dots or escapes again.
#include "config/field_path.hpp"

#include <string>

namespace eddy {

namespace {

Result<FieldPath> parse_pointer(std::string_view text) {
    FieldPath path{std::string(text), {}, true};
    std::string step;
    for (size_t i = 1; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '/') {
            path.steps.push_back(std::move(step));
            step.clear();
            continue;
        }
        if (text[i] != '~') {
            step += text[i];
            continue;
        }
        char next = i + 1 < text.size() ? text[i + 1] : '\0';
        if (next != '0' && next != '1') {
            std::string seq = next == '\0' ? "~" : std::string{'~', next};
            return Error{"bad escape '" + seq + "' (only ~0 and ~1)", 0, static_cast<int>(i) + 1};
        }
        step += next == '0' ? '~' : '/';
        ++i;
    }
    return path;
}

Result<FieldPath> parse_dotted(std::string_view text) {
    FieldPath path{std::string(text), {}, false};
    size_t start = 0;
    for (;;) {
        size_t dot = text.find('.', start);
        size_t end = dot == std::string_view::npos ? text.size() : dot;
        if (end == start) return Error{"empty name", 0, static_cast<int>(start) + 1};
        path.steps.emplace_back(text.substr(start, end - start));
        if (dot == std::string_view::npos) return path;
        start = dot + 1;
    }
}

}  // namespace

Result<FieldPath> parse_field_path(std::string_view text) {
    if (text.empty()) return Error{"empty path", 0, 1};
    return text.front() == '/' ? parse_pointer(text) : parse_dotted(text);
}

}  // namespace eddy
