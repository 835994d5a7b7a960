// Minimal JSON string escaping (SPEC §8 rule 12): only quote, backslash and control bytes
// are escaped; everything else, non-ASCII included, is copied as is.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "json/json_escape.hpp"

using namespace eddy;

namespace {
std::string lit(std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
}
}  // namespace

TEST_CASE("append_json_string: plain text is quoted and copied") {
    CHECK(lit("") == R"("")");
    CHECK(lit("abc") == R"("abc")");
    CHECK(lit("a/b") == R"("a/b")");
    CHECK(lit("\x7f") == "\"\x7f\"");
    CHECK(lit("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
    CHECK(lit("\xf0\x9f\x98\x80") == "\"\xf0\x9f\x98\x80\"");
}

TEST_CASE("append_json_string: quote, backslash and named control escapes") {
    CHECK(lit("a\"b") == R"("a\"b")");
    CHECK(lit("a\\b") == R"("a\\b")");
    CHECK(lit("\b\f\n\r\t") == R"("\b\f\n\r\t")");
    CHECK(lit("line1\nline2") == R"("line1\nline2")");
}

TEST_CASE("append_json_string: other control bytes as \\u00xx in lowercase hex") {
    CHECK(lit(std::string_view("\0", 1)) == R"("\u0000")");
    CHECK(lit("\x01") == R"("\u0001")");
    CHECK(lit("\x0b") == R"("\u000b")");
    CHECK(lit("x\x1fy") == R"("x\u001fy")");
    CHECK(lit("\x1b[0m") == R"("\u001b[0m")");
}

TEST_CASE("append_json_string appends to what is there") {
    std::string out = "{\"k\":";
    append_json_string(out, "v\"");
    CHECK(out == R"({"k":"v\"")");
}

TEST_CASE("needs_escape") {
    CHECK_FALSE(needs_escape(""));
    CHECK_FALSE(needs_escape("plain caf\xc3\xa9 / \x7f"));
    CHECK(needs_escape("a\"b"));
    CHECK(needs_escape("a\\b"));
    CHECK(needs_escape("tab\t"));
    CHECK(needs_escape(std::string_view("\0", 1)));
}
