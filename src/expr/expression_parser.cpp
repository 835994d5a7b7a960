// Recursive descent over a hand-written tokenizer. Every error names the byte where it was
// found, so the stage reader can point at the line and column in the pipeline file.
#include "expr/expression_parser.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

#include <re2/re2.h>

#include "config/field_path.hpp"
#include "config/name_suggestion.hpp"

namespace eddy {

namespace {

enum class Tok : uint8_t { end, lparen, rparen, lbracket, rbracket, comma, op, string, number, word, pointer, bad };

struct Token {
    Tok kind = Tok::end;
    std::string_view text;  // as written (strings: with their quotes)
    size_t offset = 0;
};

bool is_word_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c == '@' || c >= 0x80;
}
bool is_word_char(unsigned char c) { return is_word_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool ends_pointer(char c) {
    return is_space(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || c == '=' || c == '!' ||
           c == '<' || c == '>' || c == '&' || c == '|' || c == '"' || c == '\'';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct ParseFailure {
    std::string message;
    size_t offset;
};

class Parser {
public:
    explicit Parser(std::string_view text) : s_(text) { next(); }

    Expression parse() {
        if (tok_.kind == Tok::end) throw ParseFailure{"empty expression", tok_.offset};
        Expression e;
        e.text = std::string(s_);
        expr_ = &e;
        e.root = parse_or(0);
        if (tok_.kind != Tok::end) throw ParseFailure{"unexpected text after the expression", tok_.offset};
        return e;
    }

private:
    void next() {
        while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
        const size_t start = pos_;
        auto make = [&](Tok k, size_t len) {
            pos_ = start + len;
            tok_ = {k, s_.substr(start, len), start};
        };
        if (pos_ >= s_.size()) return make(Tok::end, 0);
        const char c = s_[pos_];
        const char d = pos_ + 1 < s_.size() ? s_[pos_ + 1] : '\0';
        switch (c) {
            case '(': return make(Tok::lparen, 1);
            case ')': return make(Tok::rparen, 1);
            case '[': return make(Tok::lbracket, 1);
            case ']': return make(Tok::rbracket, 1);
            case ',': return make(Tok::comma, 1);
            case '=':
                if (d == '=' || d == '~') return make(Tok::op, 2);
                throw ParseFailure{"unexpected '=' (did you mean '=='?)", start};
            case '!': return make(Tok::op, d == '=' ? 2 : 1);
            case '<':
            case '>': return make(Tok::op, d == '=' ? 2 : 1);
            case '&':
                if (d == '&') return make(Tok::op, 2);
                throw ParseFailure{"unexpected '&' (did you mean '&&'?)", start};
            case '|':
                if (d == '|') return make(Tok::op, 2);
                throw ParseFailure{"unexpected '|' (did you mean '||'?)", start};
            case '"':
            case '\'': {
                size_t i = pos_ + 1;
                while (i < s_.size() && s_[i] != c) i += s_[i] == '\\' ? 2 : 1;
                if (i >= s_.size()) throw ParseFailure{"unterminated string", start};
                return make(Tok::string, i + 1 - start);
            }
            case '/': {
                size_t i = pos_ + 1;
                while (i < s_.size() && !ends_pointer(s_[i])) ++i;
                return make(Tok::pointer, i - start);
            }
            default: break;
        }
        if (is_digit(c) || (c == '-' && is_digit(d))) {
            size_t i = pos_ + (c == '-');
            if (s_[i] == '0') ++i;
            else while (i < s_.size() && is_digit(s_[i])) ++i;
            if (i < s_.size() && s_[i] == '.') {
                ++i;
                if (i >= s_.size() || !is_digit(s_[i])) throw ParseFailure{"bad number", start};
                while (i < s_.size() && is_digit(s_[i])) ++i;
            }
            if (i < s_.size() && (s_[i] == 'e' || s_[i] == 'E')) {
                ++i;
                if (i < s_.size() && (s_[i] == '+' || s_[i] == '-')) ++i;
                if (i >= s_.size() || !is_digit(s_[i])) throw ParseFailure{"bad number", start};
                while (i < s_.size() && is_digit(s_[i])) ++i;
            }
            if (i < s_.size() && is_word_char(static_cast<unsigned char>(s_[i]))) throw ParseFailure{"bad number", start};
            return make(Tok::number, i - start);
        }
        if (is_word_start(static_cast<unsigned char>(c))) {
            size_t i = pos_ + 1;
            while (i < s_.size() && is_word_char(static_cast<unsigned char>(s_[i]))) ++i;
            return make(Tok::word, i - start);
        }
        // One UTF-8 character, for the message.
        size_t len = 1;
        while (start + len < s_.size() && (static_cast<unsigned char>(s_[start + len]) & 0xC0) == 0x80) ++len;
        throw ParseFailure{"unexpected '" + std::string(s_.substr(start, len)) + "'", start};
    }

    bool at_op(std::string_view op) const { return tok_.kind == Tok::op && tok_.text == op; }
    bool at_word(std::string_view w) const { return tok_.kind == Tok::word && tok_.text == w; }
    bool at_comparison() const {
        if (tok_.kind == Tok::op)
            return tok_.text == "==" || tok_.text == "!=" || tok_.text == "<" || tok_.text == "<=" ||
                   tok_.text == ">" || tok_.text == ">=" || tok_.text == "=~";
        return at_word("in");
    }

    uint32_t add(ExprNode n) {
        expr_->nodes.push_back(std::move(n));
        return static_cast<uint32_t>(expr_->nodes.size() - 1);
    }
    uint32_t add_binary(ExprOp op, uint32_t a, uint32_t b) {
        ExprNode n;
        n.op = op;
        n.a = a;
        n.b = b;
        return add(std::move(n));
    }

    [[noreturn]] void expected_value() const {
        if (tok_.kind == Tok::end)
            throw ParseFailure{last_op_.empty() ? "expected a value" : "expected a value after '" + std::string(last_op_) + "'",
                               tok_.offset};
        if (!last_op_.empty() && (tok_.kind == Tok::op || tok_.kind == Tok::rparen || tok_.kind == Tok::rbracket ||
                                  tok_.kind == Tok::comma))
            throw ParseFailure{"expected a value after '" + std::string(last_op_) + "'", tok_.offset};
        throw ParseFailure{"unexpected '" + std::string(tok_.text) + "'", tok_.offset};
    }

    void check_depth(int depth) const {
        if (depth > kMaxExpressionDepth)
            throw ParseFailure{"expression nested deeper than " + std::to_string(kMaxExpressionDepth), tok_.offset};
    }

    uint32_t parse_or(int depth) {
        uint32_t left = parse_and(depth);
        while (at_op("||")) {
            last_op_ = tok_.text;
            next();
            left = add_binary(ExprOp::any, left, parse_and(depth));
        }
        return left;
    }

    uint32_t parse_and(int depth) {
        uint32_t left = parse_not(depth);
        while (at_op("&&")) {
            last_op_ = tok_.text;
            next();
            left = add_binary(ExprOp::all, left, parse_not(depth));
        }
        return left;
    }

    uint32_t parse_not(int depth) {
        if (at_op("!")) {
            check_depth(depth + 1);
            last_op_ = tok_.text;
            next();
            return add_binary(ExprOp::negate, parse_not(depth + 1), 0);
        }
        return parse_compare(depth);
    }

    static ExprOp comparison_op(std::string_view t) {
        if (t == "==") return ExprOp::eq;
        if (t == "!=") return ExprOp::ne;
        if (t == "<") return ExprOp::lt;
        if (t == "<=") return ExprOp::le;
        if (t == ">") return ExprOp::gt;
        return ExprOp::ge;
    }

    bool is_value(uint32_t i) const {
        const ExprOp op = expr_->nodes[i].op;
        return op == ExprOp::path || op == ExprOp::literal;
    }

    uint32_t parse_compare(int depth) {
        uint32_t lhs = parse_operand(depth);
        if (!at_comparison()) {
            if (!is_value(lhs)) return lhs;
            return add_binary(ExprOp::truthy, lhs, 0);
        }
        const Token op = tok_;
        last_op_ = op.text;
        next();
        uint32_t result;
        if (op.text == "=~") {
            if (tok_.kind != Tok::string) throw ParseFailure{"expected a quoted regex after '=~'", tok_.offset};
            ExprNode n;
            n.op = ExprOp::regex;
            n.a = lhs;
            n.regex = regex_text(tok_);
            next();
            result = add(std::move(n));
        } else if (op.text == "in") {
            result = parse_in_list(lhs);
        } else {
            uint32_t rhs = parse_operand(depth);
            result = add_binary(comparison_op(op.text), lhs, rhs);
        }
        if (at_comparison()) throw ParseFailure{"comparisons do not chain; combine them with &&", tok_.offset};
        return result;
    }

    uint32_t parse_in_list(uint32_t lhs) {
        if (tok_.kind != Tok::lbracket) throw ParseFailure{"'in' needs a list such as [\"a\", \"b\"]", tok_.offset};
        next();
        ExprNode n;
        n.op = ExprOp::in_list;
        n.a = lhs;
        if (tok_.kind == Tok::rbracket) {
            next();
            return add(std::move(n));
        }
        for (;;) {
            std::optional<ExprLiteral> lit = literal_at(tok_);
            if (!lit) {
                if (tok_.kind == Tok::end) throw ParseFailure{"expected ']' to close the list", tok_.offset};
                throw ParseFailure{"only literals may appear in an 'in' list", tok_.offset};
            }
            n.items.push_back(std::move(*lit));
            next();
            if (tok_.kind == Tok::comma) {
                next();
                continue;
            }
            if (tok_.kind == Tok::rbracket) {
                next();
                return add(std::move(n));
            }
            throw ParseFailure{"expected ']' to close the list", tok_.offset};
        }
    }

    // A string, number, true, false or null at `t`; nullopt for anything else.
    std::optional<ExprLiteral> literal_at(const Token& t) const {
        ExprLiteral lit;
        if (t.kind == Tok::string) {
            lit.kind = JsonKind::string;
            lit.string = unescape(t);
            return lit;
        }
        if (t.kind == Tok::number) {
            const std::string text(t.text);
            const bool integral = text.find_first_of(".eE") == std::string::npos;
            lit.number = std::strtod(text.c_str(), nullptr);
            if (!std::isfinite(lit.number)) throw ParseFailure{"number out of range", t.offset};
            if (integral) {
                auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), lit.integer);
                lit.kind = ec == std::errc() ? JsonKind::integer : JsonKind::big_integer;
                (void)p;
            } else {
                lit.kind = JsonKind::floating;
            }
            return lit;
        }
        if (t.kind == Tok::word && (t.text == "true" || t.text == "false")) {
            lit.kind = JsonKind::boolean;
            lit.boolean = t.text == "true";
            return lit;
        }
        if (t.kind == Tok::word && t.text == "null") return lit;
        return std::nullopt;
    }

    FieldPath path_at(const Token& t) const {
        auto p = parse_field_path(t.text);
        if (!p) {
            const size_t at = t.offset + (p.error().column > 0 ? static_cast<size_t>(p.error().column - 1) : 0);
            throw ParseFailure{"bad field path '" + std::string(t.text) + "': " + p.error().message, at};
        }
        return std::move(p.value());
    }

    static bool is_keyword(std::string_view w) {
        return w == "true" || w == "false" || w == "null" || w == "in" || w == "exists" || w == "matches";
    }

    uint32_t parse_operand(int depth) {
        if (tok_.kind == Tok::lparen) {
            check_depth(depth + 1);
            last_op_ = "(";
            next();
            uint32_t inner = parse_or(depth + 1);
            if (tok_.kind != Tok::rparen) throw ParseFailure{"expected ')'", tok_.offset};
            next();
            return inner;
        }
        if (std::optional<ExprLiteral> lit = literal_at(tok_)) {
            ExprNode n;
            n.op = ExprOp::literal;
            n.literal = std::move(*lit);
            next();
            return add(std::move(n));
        }
        if (tok_.kind == Tok::pointer) {
            ExprNode n;
            n.op = ExprOp::path;
            n.path = path_at(tok_);
            next();
            return add(std::move(n));
        }
        if (tok_.kind == Tok::word) {
            const Token word = tok_;
            next();
            if (tok_.kind == Tok::lparen) return parse_call(word);
            if (is_keyword(word.text)) throw ParseFailure{"unexpected '" + std::string(word.text) + "'", word.offset};
            ExprNode n;
            n.op = ExprOp::path;
            n.path = path_at(word);
            return add(std::move(n));
        }
        expected_value();
    }

    uint32_t parse_call(const Token& name) {
        static constexpr std::array<std::string_view, 2> kFunctions{"exists", "matches"};
        if (name.text != "exists" && name.text != "matches")
            throw ParseFailure{"unknown function '" + std::string(name.text) + "'" + did_you_mean(name.text, kFunctions),
                               name.offset};
        next();  // '('
        ExprNode n;
        if (name.text == "exists") {
            if (tok_.kind != Tok::word && tok_.kind != Tok::pointer) throw ParseFailure{"exists() takes one field path", tok_.offset};
            if (tok_.kind == Tok::word && is_keyword(tok_.text)) throw ParseFailure{"exists() takes one field path", tok_.offset};
            n.op = ExprOp::exists;
            n.path = path_at(tok_);
            next();
            if (tok_.kind != Tok::rparen) throw ParseFailure{"exists() takes one field path", tok_.offset};
            next();
            return add(std::move(n));
        }
        const char* usage = "matches() takes a field path and a regex";
        if ((tok_.kind != Tok::word && tok_.kind != Tok::pointer) || (tok_.kind == Tok::word && is_keyword(tok_.text)))
            throw ParseFailure{usage, tok_.offset};
        ExprNode path;
        path.op = ExprOp::path;
        path.path = path_at(tok_);
        next();
        if (tok_.kind != Tok::comma) throw ParseFailure{usage, tok_.offset};
        next();
        if (tok_.kind != Tok::string) throw ParseFailure{usage, tok_.offset};
        n.op = ExprOp::regex;
        n.regex = regex_text(tok_);
        next();
        if (tok_.kind != Tok::rparen) throw ParseFailure{usage, tok_.offset};
        next();
        n.a = add(std::move(path));
        return add(std::move(n));
    }

    // A regex is not unescaped: RE2 reads the text between the quotes as written.
    static std::string regex_text(const Token& t) {
        std::string re(t.text.substr(1, t.text.size() - 2));
        RE2 compiled(re, RE2::Quiet);
        if (!compiled.ok()) throw ParseFailure{"invalid regex \"" + re + "\": " + compiled.error(), t.offset};
        return re;
    }

    static void append_utf8(std::string& out, uint32_t cp) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    // JSON's escapes, plus \' for single-quoted strings.
    static std::string unescape(const Token& t) {
        const std::string_view body = t.text.substr(1, t.text.size() - 2);
        std::string out;
        out.reserve(body.size());
        for (size_t i = 0; i < body.size(); ++i) {
            if (body[i] != '\\') {
                out.push_back(body[i]);
                continue;
            }
            const size_t at = t.offset + 1 + i;
            const char e = body[++i];
            switch (e) {
                case '"': out.push_back('"'); break;
                case '\'': out.push_back('\''); break;
                case '\\': out.push_back('\\'); break;
                case '/': out.push_back('/'); break;
                case 'b': out.push_back('\b'); break;
                case 'f': out.push_back('\f'); break;
                case 'n': out.push_back('\n'); break;
                case 'r': out.push_back('\r'); break;
                case 't': out.push_back('\t'); break;
                case 'u': {
                    auto hex4 = [&](size_t from, uint32_t& v) {
                        if (from + 4 > body.size()) return false;
                        auto [p, ec] = std::from_chars(body.data() + from, body.data() + from + 4, v, 16);
                        return ec == std::errc() && p == body.data() + from + 4;
                    };
                    uint32_t cp = 0;
                    if (!hex4(i + 1, cp)) throw ParseFailure{"bad escape in string", at};
                    i += 4;
                    if (cp >= 0xD800 && cp < 0xDC00) {
                        uint32_t lo = 0;
                        if (i + 2 >= body.size() || body[i + 1] != '\\' || body[i + 2] != 'u' || !hex4(i + 3, lo) ||
                            lo < 0xDC00 || lo >= 0xE000)
                            throw ParseFailure{"bad escape in string (a lone surrogate)", at};
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        i += 6;
                    } else if (cp >= 0xDC00 && cp < 0xE000) {
                        throw ParseFailure{"bad escape in string (a lone surrogate)", at};
                    }
                    append_utf8(out, cp);
                    break;
                }
                default: throw ParseFailure{"bad escape '\\" + std::string(1, e) + "' in string", at};
            }
        }
        return out;
    }

    std::string_view s_;
    size_t pos_ = 0;
    Token tok_;
    std::string_view last_op_;
    Expression* expr_ = nullptr;
};

}  // namespace

Result<Expression> parse_expression(std::string_view text) {
    try {
        Parser p(text);
        return p.parse();
    } catch (const ParseFailure& f) {
        return Error{f.message, 0, static_cast<int>(f.offset) + 1};
    }
}

}  // namespace eddy
