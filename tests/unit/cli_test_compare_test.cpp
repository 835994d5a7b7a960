// `eddy test` compares rows as JSON values (key order, number spelling and string escapes do
// not matter, line order does; a line that is not JSON compares as bytes) and prints a
// unified diff of the rows when they differ.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/test_compare.hpp"

using namespace eddy;

TEST_CASE("test compare: split_rows ignores the final newline only") {
    CHECK(split_rows("") == std::vector<std::string>{});
    CHECK(split_rows("a") == std::vector<std::string>{"a"});
    CHECK(split_rows("a\n") == std::vector<std::string>{"a"});
    CHECK(split_rows("a\nb\n") == std::vector<std::string>{"a", "b"});
    CHECK(split_rows("a\n\nb") == std::vector<std::string>{"a", "", "b"});
}

TEST_CASE("test compare: objects are unordered maps, arrays ordered") {
    CHECK(rows_equal(R"({"a":1,"b":2})", R"({"b":2,"a":1})"));
    CHECK(rows_equal(R"({"a":{"x":1,"y":[1,2]},"b":null})", R"({ "b" : null , "a" : { "y" : [1, 2], "x" : 1 } })"));
    CHECK_FALSE(rows_equal(R"({"a":[1,2]})", R"({"a":[2,1]})"));
    CHECK_FALSE(rows_equal(R"({"a":1})", R"({"a":1,"b":1})"));
    CHECK_FALSE(rows_equal(R"({"a":1,"b":1})", R"({"a":1})"));
    CHECK_FALSE(rows_equal(R"({"a":1})", R"({"A":1})"));
    CHECK_FALSE(rows_equal(R"({})", R"([])"));
    CHECK(rows_equal(R"({})", R"({ })"));
}

TEST_CASE("test compare: numbers by their double value") {
    CHECK(rows_equal(R"({"n":1})", R"({"n":1.0})"));
    CHECK(rows_equal(R"({"n":1})", R"({"n":1e0})"));
    CHECK(rows_equal(R"({"n":100})", R"({"n":1E2})"));
    CHECK(rows_equal(R"({"n":0.5})", R"({"n":5e-1})"));
    CHECK(rows_equal(R"({"n":0})", R"({"n":-0.0})"));
    CHECK(rows_equal("18446744073709551615", "1.8446744073709552e19"));
    CHECK_FALSE(rows_equal(R"({"n":1})", R"({"n":1.000001})"));
    CHECK_FALSE(rows_equal(R"({"n":1})", R"({"n":"1"})"));
    CHECK_FALSE(rows_equal(R"({"n":true})", R"({"n":1})"));
    CHECK_FALSE(rows_equal(R"({"n":null})", R"({"n":false})"));
}

TEST_CASE("test compare: strings by their unescaped content") {
    CHECK(rows_equal(R"({"s":"a/b"})", R"({"s":"a\/b"})"));
    CHECK(rows_equal(R"({"s":"é"})", R"({"s":"\u00e9"})"));
    CHECK(rows_equal(R"({"\u0061":1})", R"({"a":1})"));
    CHECK_FALSE(rows_equal(R"({"s":"a"})", R"({"s":"a "})"));
}

TEST_CASE("test compare: a line that is not JSON compares as bytes") {
    CHECK(rows_equal("not json", "not json"));
    CHECK_FALSE(rows_equal("not json", "not  json"));
    CHECK(rows_equal("a,b,1", "a,b,1"));
    CHECK_FALSE(rows_equal("a,b,1.0", "a,b,1"));
    CHECK_FALSE(rows_equal(R"({"a":1} x)", R"({"a":1})"));
    CHECK_FALSE(rows_equal("", " "));
    CHECK(rows_equal("", ""));
    CHECK(rows_equal("1", "1.0"));  // a scalar is JSON too
}

TEST_CASE("test compare: diff_rows is an LCS of equal rows") {
    std::vector<std::string> a{"1", "2", "3", "4"};
    std::vector<std::string> b{"1", "3.0", "4", "5"};
    std::vector<DiffLine> d = diff_rows(a, b);
    std::string tags;
    for (const DiffLine& l : d) tags.push_back(l.tag);
    CHECK(tags == " -  +");
    REQUIRE(d.size() == 5);
    CHECK(d[2].text == "3.0");
    CHECK(d[2].bytes_differ);
    CHECK(d[2].expected_line == 3);
    CHECK(d[2].actual_line == 2);
    CHECK_FALSE(d[0].bytes_differ);
    CHECK(d[4].text == "5");
    CHECK(d[4].actual_line == 4);
}

TEST_CASE("test compare: unified_diff of equal rows is empty") {
    CHECK(unified_diff({}, {}).empty());
    CHECK(unified_diff({R"({"a":1,"b":2})"}, {R"({"b":2.0,"a":1})"}).empty());
}

TEST_CASE("test compare: unified_diff with context and hunks") {
    std::vector<std::string> a, b;
    for (int i = 1; i <= 12; ++i) a.push_back("{\"i\":" + std::to_string(i) + "}");
    b = a;
    b[2] = R"({"i":30})";               // line 3 changed
    b[10] = R"({"i":11.0})";            // same as JSON
    b.erase(b.begin() + 9);             // line 10 removed
    CHECK(unified_diff(a, b) ==
          "--- expected\n"
          "+++ actual\n"
          "@@ -1,5 +1,5 @@\n"
          " {\"i\":1}\n"
          " {\"i\":2}\n"
          "-{\"i\":3}\n"
          "+{\"i\":30}\n"
          " {\"i\":4}\n"
          " {\"i\":5}\n"
          "@@ -8,5 +8,4 @@\n"
          " {\"i\":8}\n"
          " {\"i\":9}\n"
          "-{\"i\":10}\n"
          "={\"i\":11.0}\n"
          " {\"i\":12}\n");
}

TEST_CASE("test compare: unified_diff when one side is empty or rows are only added") {
    CHECK(unified_diff({}, {"a"}) == "--- expected\n+++ actual\n@@ -0,0 +1 @@\n+a\n");
    CHECK(unified_diff({"a", "b"}, {}) == "--- expected\n+++ actual\n@@ -1,2 +0,0 @@\n-a\n-b\n");
    CHECK(unified_diff({"a", "b", "c"}, {"a", "b", "x", "c"}) ==
          "--- expected\n+++ actual\n@@ -1,3 +1,4 @@\n a\n b\n+x\n c\n");
    CHECK(unified_diff({"a", "b", "c", "d", "e"}, {"a", "b", "c", "d", "e", "f"}, 1) ==
          "--- expected\n+++ actual\n@@ -5 +5,2 @@\n e\n+f\n");
}
