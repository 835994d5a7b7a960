// avg(f): always a float, the sum (per sum's rules) divided by the count of usable values.
#include <doctest/doctest.h>

#include <limits>

#include "agg_test_values.hpp"

using namespace eddy;
namespace tv = eddy::test_values;

TEST_CASE("avg is always a float") {
    AggCounters c;
    AvgAgg a;
    tv::add_all(a, {tv::integer(1, "1"), tv::integer(2, "2")}, c);
    CHECK(tv::written(a, c) == "1.5");
    AvgAgg b;
    tv::add_all(b, {tv::integer(2, "2"), tv::integer(2, "2")}, c);
    CHECK(tv::written(b, c) == "2.0");
    AvgAgg d;
    tv::add_all(d, {tv::integer(1, "1"), tv::integer(2, "2"), tv::integer(4, "4")}, c);
    CHECK(tv::written(d, c) == "2.3333333333333335");
    AvgAgg e;
    tv::add_all(e, {tv::integer(1, "1"), tv::floating(2.5, "2.5")}, c);
    CHECK(tv::written(e, c) == "1.75");
}

TEST_CASE("avg over no usable value is null; wrong types and nulls do not count") {
    AggCounters c;
    AvgAgg agg;
    CHECK(tv::written(agg, c) == "null");
    tv::add_all(agg, {tv::null(), tv::missing(), tv::boolean(false), tv::string("", "\"\"")}, c);
    CHECK(tv::written(agg, c) == "null");
    CHECK(c.wrong_type == 2);
    tv::add_all(agg, {tv::integer(3, "3"), tv::null()}, c);
    CHECK(tv::written(agg, c) == "3.0");
}

TEST_CASE("avg keeps an overflowing integer sum as a double") {
    AggCounters c;
    AvgAgg agg;  // (2^63 + 2^63) / 2 = 2^63
    tv::add_all(agg, {tv::integer(INT64_MAX, "9223372036854775807"), tv::integer(INT64_MAX, "9223372036854775807")}, c);
    CHECK(tv::written(agg, c) == "9.223372036854776e+18");
}

TEST_CASE("avg of an infinite sum prints null and is counted") {
    AggCounters c;
    AvgAgg agg;
    tv::add_all(agg, {tv::floating(1e308, "1e+308"), tv::floating(1e308, "1e+308")}, c);
    CHECK(tv::written(agg, c) == "null");
    CHECK(c.non_finite == 1);
}

TEST_CASE("avg merge") {
    AggCounters c;
    AvgAgg older, newer;
    tv::add_all(older, {tv::integer(1, "1")}, c);
    tv::add_all(newer, {tv::integer(2, "2"), tv::integer(6, "6")}, c);
    older.merge(newer);
    CHECK(tv::written(older, c) == "3.0");
}
