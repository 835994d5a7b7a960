// sum(f): exact int64 until overflow or a float, then a double in arrival order (SPEC §8
// rules 16-18, 31). Expected values worked out by hand.
#include <doctest/doctest.h>

#include <limits>

#include "agg_test_values.hpp"

using namespace eddy;
namespace tv = eddy::test_values;

TEST_CASE("sum of no usable value is null") {
    AggCounters c;
    SumAgg agg;
    CHECK(tv::written(agg, c) == "null");
    tv::add_all(agg, {tv::missing(), tv::null()}, c);
    CHECK(tv::written(agg, c) == "null");
    CHECK(c.wrong_type == 0);
}

TEST_CASE("integer sums stay integers") {
    AggCounters c;
    SumAgg agg;
    tv::add_all(agg, {tv::integer(1, "1"), tv::integer(2, "2"), tv::integer(-10, "-10")}, c);
    CHECK(tv::written(agg, c) == "-7");
}

TEST_CASE("a float joining makes the sum a float for good") {
    AggCounters c;
    SumAgg a;
    tv::add_all(a, {tv::integer(1, "1"), tv::floating(2.5, "2.5")}, c);
    CHECK(tv::written(a, c) == "3.5");
    SumAgg b;
    tv::add_all(b, {tv::floating(0.5, "0.5"), tv::integer(1, "1"), tv::floating(0.5, "0.5")}, c);
    CHECK(tv::written(b, c) == "2.0");
    SumAgg d;
    tv::add_all(d, {tv::floating(2.0, "2.0")}, c);
    CHECK(tv::written(d, c) == "2.0");
}

TEST_CASE("int64 overflow continues as a double") {
    AggCounters c;
    SumAgg up;
    tv::add_all(up, {tv::integer(INT64_MAX, "9223372036854775807"), tv::integer(1, "1")}, c);
    CHECK(tv::written(up, c) == "9.223372036854776e+18");
    // Stays a double even once the value would fit again.
    tv::add_all(up, {tv::integer(-1, "-1")}, c);
    CHECK(tv::written(up, c) == "9.223372036854776e+18");

    SumAgg down;
    tv::add_all(down, {tv::integer(INT64_MIN, "-9223372036854775808"), tv::integer(-1, "-1")}, c);
    CHECK(tv::written(down, c) == "-9.223372036854776e+18");
}

TEST_CASE("doubles add in arrival order") {
    AggCounters c;
    SumAgg big_first;  // (1e16 + 1) rounds to 1e16, twice
    tv::add_all(big_first, {tv::floating(1e16, "1e+16"), tv::floating(1.0, "1.0"), tv::floating(1.0, "1.0")}, c);
    CHECK(tv::written(big_first, c) == "1e+16");
    SumAgg small_first;  // 2 + 1e16 is exact
    tv::add_all(small_first, {tv::floating(1.0, "1.0"), tv::floating(1.0, "1.0"), tv::floating(1e16, "1e+16")}, c);
    CHECK(tv::written(small_first, c) == "1.0000000000000002e+16");
    SumAgg tenths;
    tv::add_all(tenths, {tv::floating(0.1, "0.1"), tv::floating(0.2, "0.2")}, c);
    CHECK(tv::written(tenths, c) == "0.30000000000000004");
}

TEST_CASE("integers beyond int64 are summed as doubles") {
    AggCounters c;
    SumAgg agg;
    tv::add_all(agg, {tv::integer(1, "1"), tv::uint_above_int64(18446744073709551615.0, "18446744073709551615")}, c);
    CHECK(tv::written(agg, c) == "1.8446744073709552e+19");
    SumAgg big;
    tv::add_all(big, {tv::big_integer(1e30, "1000000000000000000000000000000")}, c);
    CHECK(tv::written(big, c) == "1e+30");
}

TEST_CASE("a sum that overflows the double prints null and is counted") {
    AggCounters c;
    SumAgg agg;
    tv::add_all(agg, {tv::floating(1e308, "1e+308"), tv::floating(1e308, "1e+308")}, c);
    CHECK(c.non_finite == 0);
    CHECK(tv::written(agg, c) == "null");
    CHECK(c.non_finite == 1);
}

TEST_CASE("sum ignores and counts values of the wrong type") {
    AggCounters c;
    SumAgg agg;
    tv::add_all(agg,
                {tv::boolean(true), tv::integer(4, "4"), tv::string("5", "\"5\""), tv::object("{\"a\":1}"),
                 tv::array("[1]"), tv::null(), tv::missing()},
                c);
    CHECK(c.wrong_type == 4);
    CHECK(tv::written(agg, c) == "4");
}

TEST_CASE("sum merge adds the older partial sum first") {
    AggCounters c;
    SumAgg older, newer;
    tv::add_all(older, {tv::integer(1, "1"), tv::integer(2, "2")}, c);
    tv::add_all(newer, {tv::integer(3, "3")}, c);
    older.merge(newer);
    CHECK(tv::written(older, c) == "6");

    SumAgg int_older, float_newer;
    tv::add_all(int_older, {tv::integer(3, "3")}, c);
    tv::add_all(float_newer, {tv::floating(0.5, "0.5")}, c);
    int_older.merge(float_newer);
    CHECK(tv::written(int_older, c) == "3.5");

    SumAgg empty, five;
    tv::add_all(five, {tv::integer(5, "5")}, c);
    empty.merge(five);
    CHECK(tv::written(empty, c) == "5");
    five.merge(SumAgg{});
    CHECK(tv::written(five, c) == "5");

    SumAgg max_older, one_newer;
    tv::add_all(max_older, {tv::integer(INT64_MAX, "9223372036854775807")}, c);
    tv::add_all(one_newer, {tv::integer(1, "1")}, c);
    max_older.merge(one_newer);
    CHECK(tv::written(max_older, c) == "9.223372036854776e+18");

    SumAgg big_older, one_float_newer;  // 1e16 + 1.0 rounds to 1e16
    tv::add_all(big_older, {tv::floating(1e16, "1e+16")}, c);
    tv::add_all(one_float_newer, {tv::floating(1.0, "1.0")}, c);
    big_older.merge(one_float_newer);
    CHECK(tv::written(big_older, c) == "1e+16");
    CHECK(c.wrong_type == 0);
}
