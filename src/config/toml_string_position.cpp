// Walks the raw string token from its opening quote, counting the bytes each piece decodes
// to (escapes, a trimmed first newline, line-ending backslashes), until the wanted byte.
#include "config/toml_string_position.hpp"

#include <charconv>
#include <cstdint>

namespace eddy {

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

size_t utf8_length(uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

class Cursor {
public:
    Cursor(std::string_view text, size_t i, SourcePos pos) : t_(text), i_(i), pos_(pos) {}
    bool done() const { return i_ >= t_.size(); }
    char peek(size_t k = 0) const { return i_ + k < t_.size() ? t_[i_ + k] : '\0'; }
    bool starts(std::string_view s) const { return t_.substr(i_, s.size()) == s; }
    void advance(size_t n = 1) {
        for (size_t k = 0; k < n && i_ < t_.size(); ++k, ++i_) {
            if (t_[i_] == '\n') {
                ++pos_.line;
                pos_.column = 1;
            } else if (!is_continuation(t_[i_])) {
                ++pos_.column;
            }
        }
    }
    size_t index() const { return i_; }
    SourcePos pos() const { return pos_; }

private:
    std::string_view t_;
    size_t i_;
    SourcePos pos_;
};

}  // namespace

SourcePos toml_string_position(std::string_view text, SourcePos value_pos, size_t decoded_offset) {
    if (text.empty() || value_pos.line < 1 || value_pos.column < 1) return value_pos;
    // Find the byte where the value starts.
    size_t i = 0;
    for (int line = 1; line < value_pos.line; ++line) {
        i = text.find('\n', i);
        if (i == std::string_view::npos) return value_pos;
        ++i;
    }
    for (int col = 1; col < value_pos.column && i < text.size() && text[i] != '\n';) {
        ++i;
        if (i < text.size() && !is_continuation(text[i])) ++col;
    }
    Cursor c(text, i, value_pos);
    const char quote = c.peek();
    if (quote != '"' && quote != '\'') return value_pos;
    const bool literal = quote == '\'';
    const bool multi = c.starts(literal ? "'''" : "\"\"\"");
    const std::string_view delim = multi ? (literal ? "'''" : "\"\"\"") : (literal ? "'" : "\"");
    c.advance(delim.size());
    if (multi) {  // a newline right after the opening delimiter is not part of the value
        if (c.starts("\r\n")) c.advance(2);
        else if (c.starts("\n")) c.advance(1);
    }
    size_t decoded = 0;
    while (!c.done()) {
        // The closing delimiter (a multi-line string may end with up to two extra quotes).
        if (c.starts(delim) && !(multi && c.peek(3) == quote)) return c.pos();
        size_t produces = 1, consumes = 1;
        if (!literal && c.peek() == '\\') {
            const char e = c.peek(1);
            if (e == 'u' || e == 'U') {
                const size_t n = e == 'u' ? 4 : 8;
                uint32_t cp = 0;
                const char* first = text.data() + c.index() + 2;
                const char* last = first + n;
                if (c.index() + 2 + n > text.size()) return c.pos();
                std::from_chars(first, last, cp, 16);
                produces = utf8_length(cp);
                consumes = 2 + n;
            } else if (multi && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
                // A line-ending backslash drops the newline and the whitespace after it.
                c.advance(1);
                while (!c.done() && (c.peek() == ' ' || c.peek() == '\t' || c.peek() == '\n' || c.peek() == '\r'))
                    c.advance(1);
                continue;
            } else {
                consumes = 2;
            }
        }
        if (decoded + produces > decoded_offset) return c.pos();
        decoded += produces;
        c.advance(consumes);
    }
    return value_pos;
}

}  // namespace eddy
