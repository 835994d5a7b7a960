// first(f)/last(f): lowest/highest (event time, arrival) among non-null values, printed as
// the value's canonical text.
#include <doctest/doctest.h>

#include "agg_test_values.hpp"

using namespace eddy;
namespace tv = eddy::test_values;

TEST_CASE("first and last follow event time, not arrival") {
    AggCounters c;
    FirstAgg first;
    LastAgg last;
    const FieldValue a = tv::string("a", "\"a\"");
    const FieldValue b = tv::string("b", "\"b\"");
    const FieldValue d = tv::string("c", "\"c\"");
    first.add(a, EventTime(20), ArrivalSeq(1), c);
    first.add(b, EventTime(10), ArrivalSeq(2), c);
    first.add(d, EventTime(30), ArrivalSeq(3), c);
    last.add(a, EventTime(20), ArrivalSeq(1), c);
    last.add(b, EventTime(10), ArrivalSeq(2), c);
    last.add(d, EventTime(30), ArrivalSeq(3), c);
    CHECK(tv::written(first, c) == "\"b\"");
    CHECK(tv::written(last, c) == "\"c\"");
}

TEST_CASE("ties in time: first keeps the earlier arrival, last takes the later") {
    AggCounters c;
    FirstAgg first;
    LastAgg last;
    first.add(tv::integer(1, "1"), EventTime(10), ArrivalSeq(1), c);
    first.add(tv::integer(2, "2"), EventTime(10), ArrivalSeq(2), c);
    last.add(tv::integer(1, "1"), EventTime(10), ArrivalSeq(1), c);
    last.add(tv::integer(2, "2"), EventTime(10), ArrivalSeq(2), c);
    CHECK(tv::written(first, c) == "1");
    CHECK(tv::written(last, c) == "2");
}

TEST_CASE("first and last skip missing and null, take any other type") {
    AggCounters c;
    LastAgg last;
    last.add(tv::object("{\"a\":[1,2]}"), EventTime(10), ArrivalSeq(1), c);
    last.add(tv::null(), EventTime(20), ArrivalSeq(2), c);
    last.add(tv::missing(), EventTime(30), ArrivalSeq(3), c);
    CHECK(tv::written(last, c) == "{\"a\":[1,2]}");
    FirstAgg first;
    first.add(tv::missing(), EventTime(1), ArrivalSeq(1), c);
    first.add(tv::null(), EventTime(2), ArrivalSeq(2), c);
    first.add(tv::boolean(false), EventTime(3), ArrivalSeq(3), c);
    first.add(tv::array("[]"), EventTime(4), ArrivalSeq(4), c);
    CHECK(tv::written(first, c) == "false");
    // The canonical text, not the raw one.
    FirstAgg num;
    num.add(tv::floating(1.5, "1.50", "1.5"), EventTime(1), ArrivalSeq(1), c);
    CHECK(tv::written(num, c) == "1.5");
    CHECK(c.wrong_type == 0);
}

TEST_CASE("first and last over no usable value are null") {
    AggCounters c;
    FirstAgg first;
    LastAgg last;
    CHECK(tv::written(first, c) == "null");
    first.add(tv::null(), EventTime(1), ArrivalSeq(1), c);
    last.add(tv::missing(), EventTime(1), ArrivalSeq(1), c);
    CHECK(tv::written(first, c) == "null");
    CHECK(tv::written(last, c) == "null");
}

TEST_CASE("a replacing value may be longer or shorter than the one held") {
    AggCounters c;
    LastAgg last;
    last.add(tv::string("short", "\"short\""), EventTime(1), ArrivalSeq(1), c);
    last.add(tv::string("a much longer string value", "\"a much longer string value\""), EventTime(2), ArrivalSeq(2), c);
    CHECK(tv::written(last, c) == "\"a much longer string value\"");
    last.add(tv::integer(7, "7"), EventTime(3), ArrivalSeq(3), c);
    CHECK(tv::written(last, c) == "7");
}

TEST_CASE("first/last merge orders by (time, arrival) across the two states") {
    AggCounters c;
    FirstAgg first_older, first_newer;
    first_older.add(tv::string("x", "\"x\""), EventTime(10), ArrivalSeq(7), c);
    first_newer.add(tv::string("y", "\"y\""), EventTime(10), ArrivalSeq(3), c);
    first_older.merge(first_newer);
    CHECK(tv::written(first_older, c) == "\"y\"");

    LastAgg last_older, last_newer;
    last_older.add(tv::string("x", "\"x\""), EventTime(10), ArrivalSeq(7), c);
    last_newer.add(tv::string("y", "\"y\""), EventTime(10), ArrivalSeq(3), c);
    last_older.merge(last_newer);
    CHECK(tv::written(last_older, c) == "\"x\"");

    LastAgg later_time;
    later_time.add(tv::integer(9, "9"), EventTime(50), ArrivalSeq(1), c);
    last_older.merge(later_time);
    CHECK(tv::written(last_older, c) == "9");

    FirstAgg empty;
    empty.merge(first_older);
    CHECK(tv::written(empty, c) == "\"y\"");
    first_older.merge(FirstAgg{});
    CHECK(tv::written(first_older, c) == "\"y\"");
}

TEST_CASE("an equal (time, arrival) pair: last takes the value added later, first keeps the earlier") {
    AggCounters c;
    FirstAgg first;
    LastAgg last;
    first.add(tv::integer(1, "1"), EventTime(10), ArrivalSeq(4), c);
    first.add(tv::integer(2, "2"), EventTime(10), ArrivalSeq(4), c);
    last.add(tv::integer(1, "1"), EventTime(10), ArrivalSeq(4), c);
    last.add(tv::integer(2, "2"), EventTime(10), ArrivalSeq(4), c);
    CHECK(tv::written(first, c) == "1");
    CHECK(tv::written(last, c) == "2");
}
