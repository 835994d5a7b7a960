// min(f)/max(f): exact comparison across int64 and double, ties keep the first to arrive,
// values print as canonical JSON (an int as its digits, a float per rule 19).
#include <doctest/doctest.h>

#include <limits>

#include "agg_test_values.hpp"

using namespace eddy;
namespace tv = eddy::test_values;

TEST_CASE("compare_int_double is exact") {
    CHECK(compare_int_double(9007199254740993, 9007199254740992.0) == 1);
    CHECK(compare_int_double(9007199254740992, 9007199254740992.0) == 0);
    CHECK(compare_int_double(INT64_MAX, 9223372036854775808.0) == -1);
    CHECK(compare_int_double(INT64_MIN, -9223372036854775808.0) == 0);
    CHECK(compare_int_double(INT64_MIN, -1e19) == 1);
    CHECK(compare_int_double(0, 0.5) == -1);
    CHECK(compare_int_double(0, -0.5) == 1);
    CHECK(compare_int_double(-1, -0.5) == -1);
    CHECK(compare_int_double(-1, -1.5) == 1);
    CHECK(compare_int_double(0, -0.0) == 0);
}

TEST_CASE("max and min across ints and floats print the winner canonically") {
    AggCounters c;
    MaxAgg m1;
    tv::add_all(m1, {tv::integer(1, "1"), tv::floating(2.5, "2.5")}, c);
    CHECK(tv::written(m1, c) == "2.5");
    MaxAgg m2;
    tv::add_all(m2, {tv::integer(3, "3"), tv::floating(2.5, "2.5")}, c);
    CHECK(tv::written(m2, c) == "3");
    MinAgg n1;
    tv::add_all(n1, {tv::integer(3, "3"), tv::floating(2.5, "2.5")}, c);
    CHECK(tv::written(n1, c) == "2.5");
    MinAgg n2;
    tv::add_all(n2, {tv::integer(-5, "-5"), tv::integer(3, "3"), tv::floating(-7.5, "-7.5")}, c);
    CHECK(tv::written(n2, c) == "-7.5");
    MaxAgg m3;
    tv::add_all(m3, {tv::floating(2.0, "2.0")}, c);
    CHECK(tv::written(m3, c) == "2.0");
}

TEST_CASE("min and max compare int64 with double exactly, in either order") {
    AggCounters c;
    const FieldValue i = tv::integer(9007199254740993, "9007199254740993");
    const FieldValue d = tv::floating(9007199254740992.0, "9007199254740992.0");
    MaxAgg max_id, max_di;
    tv::add_all(max_id, {i, d}, c);
    tv::add_all(max_di, {d, i}, c);
    CHECK(tv::written(max_id, c) == "9007199254740993");
    CHECK(tv::written(max_di, c) == "9007199254740993");
    MinAgg min_id, min_di;
    tv::add_all(min_id, {i, d}, c);
    tv::add_all(min_di, {d, i}, c);
    CHECK(tv::written(min_id, c) == "9007199254740992.0");
    CHECK(tv::written(min_di, c) == "9007199254740992.0");
}

TEST_CASE("min and max ties keep the first to arrive") {
    AggCounters c;
    MaxAgg float_first;
    tv::add_all(float_first, {tv::floating(1.0, "1.0"), tv::integer(1, "1")}, c);
    CHECK(tv::written(float_first, c) == "1.0");
    MaxAgg int_first;
    tv::add_all(int_first, {tv::integer(1, "1"), tv::floating(1.0, "1.0")}, c);
    CHECK(tv::written(int_first, c) == "1");
    MinAgg zero_first;
    tv::add_all(zero_first, {tv::floating(0.0, "0.0"), tv::floating(-0.0, "-0.0")}, c);
    CHECK(tv::written(zero_first, c) == "0.0");
    MinAgg neg_zero_first;
    tv::add_all(neg_zero_first, {tv::floating(-0.0, "-0.0"), tv::integer(0, "0")}, c);
    CHECK(tv::written(neg_zero_first, c) == "-0.0");
}

TEST_CASE("integers beyond int64 print as their digits") {
    AggCounters c;
    MaxAgg max;
    tv::add_all(max, {tv::integer(1, "1"), tv::uint_above_int64(18446744073709551615.0, "18446744073709551615")}, c);
    CHECK(tv::written(max, c) == "18446744073709551615");
    MinAgg min;
    tv::add_all(min, {tv::integer(1, "1"), tv::uint_above_int64(18446744073709551615.0, "18446744073709551615")}, c);
    CHECK(tv::written(min, c) == "1");
    MinAgg big;
    tv::add_all(big, {tv::big_integer(-1e30, "-1000000000000000000000000000000"), tv::floating(-1e20, "-1e+20")}, c);
    CHECK(tv::written(big, c) == "-1000000000000000000000000000000");
}

TEST_CASE("min and max: null over nothing, wrong types counted, missing and null ignored") {
    AggCounters c;
    MaxAgg agg;
    CHECK(tv::written(agg, c) == "null");
    tv::add_all(agg, {tv::missing(), tv::null(), tv::boolean(true), tv::string("9", "\"9\""), tv::array("[9]")}, c);
    CHECK(tv::written(agg, c) == "null");
    CHECK(c.wrong_type == 3);
    tv::add_all(agg, {tv::integer(-2, "-2")}, c);
    CHECK(tv::written(agg, c) == "-2");
}

TEST_CASE("min/max merge: the better value wins, ties go to the earlier arrival") {
    AggCounters c;
    MaxAgg older, newer;
    tv::add_all(older, {tv::integer(3, "3")}, c);
    tv::add_all(newer, {tv::floating(3.5, "3.5")}, c);
    older.merge(newer);
    CHECK(tv::written(older, c) == "3.5");
    older.merge(MaxAgg{});
    CHECK(tv::written(older, c) == "3.5");

    MinAgg empty, two;
    tv::add_all(two, {tv::integer(2, "2")}, c);
    empty.merge(two);
    CHECK(tv::written(empty, c) == "2");

    // Equal values: the one that arrived first, whichever session holds it.
    MaxAgg late_int, early_float;
    late_int.add(tv::integer(5, "5"), EventTime(100), ArrivalSeq(10), c);
    early_float.add(tv::floating(5.0, "5.0"), EventTime(200), ArrivalSeq(3), c);
    late_int.merge(early_float);
    CHECK(tv::written(late_int, c) == "5.0");

    MaxAgg early_int, late_float;
    early_int.add(tv::integer(5, "5"), EventTime(100), ArrivalSeq(3), c);
    late_float.add(tv::floating(5.0, "5.0"), EventTime(200), ArrivalSeq(10), c);
    early_int.merge(late_float);
    CHECK(tv::written(early_int, c) == "5");
}

TEST_CASE("integer texts compare exactly at any length (found by the differential model)") {
    CHECK(compare_integer_texts("123456789012345678901234567891", "123456789012345678901234567890") == 1);
    CHECK(compare_integer_texts("-123456789012345678901234567891", "-123456789012345678901234567890") == -1);
    CHECK(compare_integer_texts("-1", "1") == -1);
    CHECK(compare_integer_texts("99", "100") == -1);
    CHECK(compare_integer_texts("-99", "-100") == 1);
    CHECK(compare_integer_texts("18446744073709551616", "18446744073709551616") == 0);
}
