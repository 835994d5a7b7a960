// Added members go just before the record's last `}` and every other byte stays (rule 26).
#include <doctest/doctest.h>

#include <string>

#include "json/added_fields.hpp"

using namespace eddy;

namespace {
std::string with(std::string_view record, std::string_view members = "\"s\":1") {
    std::string out = "<";
    append_with_members(out, record, members);
    return out;
}
}  // namespace

TEST_CASE("added fields: before the last brace, with a comma after earlier members") {
    CHECK(with(R"({"a":1})") == R"(<{"a":1,"s":1})");
    CHECK(with(R"({ "a" : {"b":2} })") == R"(<{ "a" : {"b":2} ,"s":1})");
    CHECK(with(R"({"a":"}"})") == R"(<{"a":"}","s":1})");
}

TEST_CASE("added fields: trailing spaces and \\r after the last brace stay after it") {
    CHECK(with("{\"a\":1}  ") == "<{\"a\":1,\"s\":1}  ");
    CHECK(with("{\"a\":1}\r") == "<{\"a\":1,\"s\":1}\r");
    CHECK(with("{\"a\":1} \t\r") == "<{\"a\":1,\"s\":1} \t\r");
}

TEST_CASE("added fields: an empty object gets no comma") {
    CHECK(with("{}") == "<{\"s\":1}");
    CHECK(with("{ \t }") == "<{ \t \"s\":1}");
    CHECK(with(" {}\r") == "< {\"s\":1}\r");
}
