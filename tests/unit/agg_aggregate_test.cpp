// The aggregate variant: construction per kind, dispatch of add/merge/write, and the
// name/arity/support table of every kind.
#include <doctest/doctest.h>

#include "agg_test_values.hpp"
#include "core/error.hpp"

using namespace eddy;
namespace tv = eddy::test_values;

TEST_CASE("agg kind names round-trip and unknown names are rejected") {
    CHECK(agg_kind_from_name("count") == AggKind::count);
    CHECK(agg_kind_from_name("sum") == AggKind::sum);
    CHECK(agg_kind_from_name("count_distinct") == AggKind::count_distinct);
    CHECK(agg_kind_from_name("approx_distinct") == AggKind::approx_distinct);
    CHECK(agg_kind_from_name("collect") == AggKind::collect);
    CHECK_FALSE(agg_kind_from_name("summ").has_value());
    CHECK_FALSE(agg_kind_from_name("").has_value());
    CHECK_FALSE(agg_kind_from_name("Sum").has_value());
    CHECK(agg_kind_name(AggKind::top_k) == "top_k");
    CHECK(agg_kind_name(AggKind::quantile) == "quantile");
    CHECK(agg_kind_name(AggKind::last) == "last");
}

TEST_CASE("agg kind arity") {
    CHECK(agg_kind_arity(AggKind::count) == 0);
    CHECK(agg_kind_arity(AggKind::sum) == 1);
    CHECK(agg_kind_arity(AggKind::count_distinct) == 1);
    CHECK(agg_kind_arity(AggKind::approx_distinct) == 1);
    CHECK(agg_kind_arity(AggKind::quantile) == 2);
    CHECK(agg_kind_arity(AggKind::top_k) == 2);
    CHECK(agg_kind_arity(AggKind::collect) == 2);
}

TEST_CASE("make_agg_state builds the state of each kind") {
    CHECK(std::holds_alternative<CountAgg>(make_agg_state(AggKind::count)));
    CHECK(std::holds_alternative<SumAgg>(make_agg_state(AggKind::sum)));
    CHECK(std::holds_alternative<MinAgg>(make_agg_state(AggKind::min)));
    CHECK(std::holds_alternative<MaxAgg>(make_agg_state(AggKind::max)));
    CHECK(std::holds_alternative<AvgAgg>(make_agg_state(AggKind::avg)));
    CHECK(std::holds_alternative<FirstAgg>(make_agg_state(AggKind::first)));
    CHECK(std::holds_alternative<LastAgg>(make_agg_state(AggKind::last)));
    CHECK(std::holds_alternative<CountDistinctAgg>(make_agg_state(AggKind::count_distinct)));
    CHECK(std::holds_alternative<ApproxDistinctAgg>(make_agg_state(AggKind::approx_distinct)));
    CHECK(std::holds_alternative<QuantileAgg>(make_agg_state(AggKind::quantile)));
    CHECK(std::holds_alternative<TopKAgg>(make_agg_state(AggKind::top_k)));
    CHECK(std::holds_alternative<CollectAgg>(make_agg_state(AggKind::collect, AggParams{0, 3})));
}

TEST_CASE("agg_add / agg_write dispatch to the kind's rules") {
    AggCounters c;
    const FieldValue one = tv::integer(1, "1");
    const FieldValue two = tv::integer(2, "2");
    const FieldValue yes = tv::boolean(true);
    struct Case {
        AggKind kind;
        const char* expected;
    };
    for (const Case& k : {Case{AggKind::count, "3"}, Case{AggKind::sum, "3"}, Case{AggKind::min, "1"},
                          Case{AggKind::max, "2"}, Case{AggKind::avg, "1.5"}, Case{AggKind::first, "1"},
                          Case{AggKind::last, "true"}, Case{AggKind::count_distinct, "3"}}) {
        CAPTURE(agg_kind_name(k.kind));
        AggState s = make_agg_state(k.kind);
        agg_add(s, one, EventTime(1), ArrivalSeq(1), c);
        agg_add(s, two, EventTime(2), ArrivalSeq(2), c);
        agg_add(s, yes, EventTime(3), ArrivalSeq(3), c);
        std::string out = "{\"v\":";
        agg_write(s, {}, out, c);
        CHECK(out == std::string("{\"v\":") + k.expected);
    }
    CHECK(c.wrong_type == 4);  // the boolean, for sum, min, max, avg
    CHECK(c.non_finite == 0);
}

TEST_CASE("agg_write counts non-finite results") {
    AggCounters c;
    AggState s = make_agg_state(AggKind::sum);
    agg_add(s, tv::floating(-1e308, "-1e+308"), EventTime(1), ArrivalSeq(1), c);
    agg_add(s, tv::floating(-1e308, "-1e+308"), EventTime(2), ArrivalSeq(2), c);
    std::string out;
    agg_write(s, {}, out, c);
    CHECK(out == "null");
    CHECK(c.non_finite == 1);
}

TEST_CASE("agg_merge folds the newer state into the older one") {
    AggCounters c;
    AggState older = make_agg_state(AggKind::sum);
    AggState newer = make_agg_state(AggKind::sum);
    agg_add(older, tv::integer(40, "40"), EventTime(1), ArrivalSeq(1), c);
    agg_add(newer, tv::integer(2, "2"), EventTime(2), ArrivalSeq(2), c);
    agg_merge(older, newer);
    std::string out;
    agg_write(older, {}, out, c);
    CHECK(out == "42");

    AggState last_older = make_agg_state(AggKind::last);
    AggState last_newer = make_agg_state(AggKind::last);
    agg_add(last_older, tv::string("old", "\"old\""), EventTime(1), ArrivalSeq(1), c);
    agg_add(last_newer, tv::string("new", "\"new\""), EventTime(5), ArrivalSeq(2), c);
    agg_merge(last_older, last_newer);
    out.clear();
    agg_write(last_older, {}, out, c);
    CHECK(out == "\"new\"");

    AggState other = make_agg_state(AggKind::count);
    CHECK_THROWS_AS(agg_merge(older, other), EddyError);
}
