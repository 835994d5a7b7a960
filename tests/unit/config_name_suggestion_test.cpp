// Unit tests for config/name_suggestion: edit distances counted by hand and the rules for
// when "did you mean" is offered (distance <= 2, or a shared prefix of 3 or more).
#include <doctest/doctest.h>

#include <array>
#include <string_view>

#include "config/name_suggestion.hpp"

using namespace eddy;

TEST_CASE("name_suggestion: edit distance") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("size", "size") == 0);
    CHECK(edit_distance("sizee", "size") == 1);   // one deletion
    CHECK(edit_distance("summ", "sum") == 1);
    CHECK(edit_distance("windw", "window") == 1); // one insertion
    CHECK(edit_distance("szie", "size") == 1);    // one adjacent swap
    CHECK(edit_distance("sorce", "source") == 1);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("abc", "") == 3);
}

TEST_CASE("name_suggestion: the closest candidate within distance 2, earliest on ties") {
    constexpr std::array<std::string_view, 4> names{"size", "slide", "gap", "offset"};
    CHECK(closest_name("sizee", names) == std::optional<std::string_view>("size"));
    CHECK(closest_name("slid", names) == std::optional<std::string_view>("slide"));
    CHECK(closest_name("gapp", names) == std::optional<std::string_view>("gap"));
    // "slyd" is 2 from "slide" (y -> i, insert e) and 3 from "size"; only 2 characters in common at the start.
    CHECK(closest_name("slyd", names) == std::optional<std::string_view>("slide"));
    // "sze" is 1 from "size" and 3 from "slide".
    CHECK(closest_name("sze", names) == std::optional<std::string_view>("size"));
    // "xx" is 3 from "gap" (two substitutions, one insertion) and further from the rest.
    CHECK_FALSE(closest_name("xx", names).has_value());
    constexpr std::array<std::string_view, 2> tie{"ab", "ba"};
    CHECK(closest_name("aa", tie) == std::optional<std::string_view>("ab"));
}

TEST_CASE("name_suggestion: a shared prefix of at least 3 when nothing is close") {
    constexpr std::array<std::string_view, 3> names{"max_out_of_orderness", "max_future", "late_output"};
    // 4 deletions from "max_out_of_orderness", but 16 characters in common at the start.
    CHECK(closest_name("max_out_of_order", names) == std::optional<std::string_view>("max_out_of_orderness"));
    // "lat" (3) in common is enough, "la" (2) is not.
    CHECK(closest_name("latitude", names) == std::optional<std::string_view>("late_output"));
    constexpr std::array<std::string_view, 1> one{"language"};
    CHECK_FALSE(closest_name("labels_x", one).has_value());
}

TEST_CASE("name_suggestion: did_you_mean text") {
    constexpr std::array<std::string_view, 2> names{"sum", "count"};
    CHECK(did_you_mean("summ", names) == " (did you mean 'sum'?)");
    CHECK(did_you_mean("frobnicate", names) == "");
}
