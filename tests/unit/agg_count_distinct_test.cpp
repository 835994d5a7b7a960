// count_distinct(f): exact, distinct by canonical JSON text, any non-null value.
#include <doctest/doctest.h>

#include "agg_test_values.hpp"

using namespace eddy;
namespace tv = eddy::test_values;

TEST_CASE("count_distinct tells values apart by canonical text") {
    AggCounters c;
    CountDistinctAgg agg;
    tv::add_all(agg,
                {tv::floating(1.5, "1.5"), tv::floating(1.5, "1.50", "1.5"),  // one value
                 tv::integer(1, "1"), tv::floating(1.0, "1.0"),               // two values
                 tv::string("1", "\"1\""), tv::string("a", "\"a\""), tv::string("a", "\"a\""),
                 tv::boolean(true), tv::object("{\"k\":1}"), tv::object("{\"k\":1}"), tv::array("[1]")},
                c);
    // 1.5, 1, 1.0, "1", "a", true, {"k":1}, [1]
    CHECK(tv::written(agg, c) == "8");
    CHECK(c.wrong_type == 0);
}

TEST_CASE("count_distinct ignores missing and null, and is 0 over nothing") {
    AggCounters c;
    CountDistinctAgg agg;
    CHECK(tv::written(agg, c) == "0");
    tv::add_all(agg, {tv::missing(), tv::null()}, c);
    CHECK(tv::written(agg, c) == "0");
}

TEST_CASE("count_distinct merge is a set union") {
    AggCounters c;
    CountDistinctAgg older, newer;
    tv::add_all(older, {tv::string("a", "\"a\""), tv::string("b", "\"b\"")}, c);
    tv::add_all(newer, {tv::string("b", "\"b\""), tv::string("c", "\"c\"")}, c);
    older.merge(newer);
    CHECK(tv::written(older, c) == "3");
}
