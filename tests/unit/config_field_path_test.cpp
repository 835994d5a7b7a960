// Unit tests for config/field_path: dotted paths and JSON pointers (SPEC §8 rule 7),
// with expected steps written out by hand from RFC 6901.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "config/field_path.hpp"

using namespace eddy;
using Steps = std::vector<std::string>;

TEST_CASE("field_path: a dotted path walks objects") {
    auto p = parse_field_path("http.req.ts");
    REQUIRE(p.ok());
    CHECK(p.value().text == "http.req.ts");
    CHECK(p.value().steps == Steps{"http", "req", "ts"});
    CHECK_FALSE(p.value().pointer);

    auto one = parse_field_path("ts");
    REQUIRE(one.ok());
    CHECK(one.value().steps == Steps{"ts"});
}

TEST_CASE("field_path: a JSON pointer unescapes ~1 and ~0 and keeps array indices as steps") {
    auto p = parse_field_path("/a~1b/c~0d/0");
    REQUIRE(p.ok());
    CHECK(p.value().pointer);
    CHECK(p.value().text == "/a~1b/c~0d/0");
    CHECK(p.value().steps == Steps{"a/b", "c~d", "0"});

    // "~01" is "~1" after unescaping, not "/" (RFC 6901: ~1 first would be wrong).
    auto order = parse_field_path("/~01");
    REQUIRE(order.ok());
    CHECK(order.value().steps == Steps{"~1"});

    // A pointer reaches names with dots.
    auto dots = parse_field_path("/geo.country");
    REQUIRE(dots.ok());
    CHECK(dots.value().steps == Steps{"geo.country"});
}

TEST_CASE("field_path: empty pointer steps are member names \"\"") {
    auto root_member = parse_field_path("/");
    REQUIRE(root_member.ok());
    CHECK(root_member.value().steps == Steps{""});

    auto trailing = parse_field_path("/a/");
    REQUIRE(trailing.ok());
    CHECK(trailing.value().steps == Steps{"a", ""});
}

TEST_CASE("field_path: errors say what and where") {
    auto empty = parse_field_path("");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().message == "empty path");

    auto dots = parse_field_path("a..b");
    REQUIRE_FALSE(dots.ok());
    CHECK(dots.error().message == "empty name");
    CHECK(dots.error().column == 3);

    CHECK_FALSE(parse_field_path(".a").ok());
    CHECK_FALSE(parse_field_path("a.").ok());

    auto esc = parse_field_path("/a~2");
    REQUIRE_FALSE(esc.ok());
    CHECK(esc.error().message == "bad escape '~2' (only ~0 and ~1)");
    CHECK(esc.error().column == 3);

    auto tail = parse_field_path("/a~");
    REQUIRE_FALSE(tail.ok());
    CHECK(tail.error().message == "bad escape '~' (only ~0 and ~1)");
}

TEST_CASE("field_path: equality compares steps and kind, not spelling") {
    FieldPath a = parse_field_path("/a/b").value();
    FieldPath b = parse_field_path("/a/b").value();
    FieldPath dotted = parse_field_path("a.b").value();
    CHECK(a == b);
    CHECK_FALSE(a == dotted);
}
