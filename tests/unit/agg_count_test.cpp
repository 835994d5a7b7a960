// count(): every event added counts, whatever its field holds.
#include <doctest/doctest.h>

#include "agg_test_values.hpp"

using namespace eddy;
namespace tv = eddy::test_values;

TEST_CASE("count counts every event, missing and null included") {
    AggCounters c;
    CountAgg agg;
    CHECK(tv::written(agg, c) == "0");
    tv::add_all(agg, {tv::missing(), tv::null(), tv::boolean(true), tv::string("x", "\"x\"")}, c);
    CHECK(tv::written(agg, c) == "4");
    CHECK(c.wrong_type == 0);
}

TEST_CASE("count merge adds") {
    AggCounters c;
    CountAgg older, newer;
    tv::add_all(older, {tv::missing(), tv::missing()}, c);
    tv::add_all(newer, {tv::missing(), tv::missing(), tv::missing()}, c);
    older.merge(newer);
    CHECK(tv::written(older, c) == "5");
}
