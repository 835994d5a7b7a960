// Unit tests for config/aggregate_call: the call syntax, each error message of SPEC §2's
// aggregate list, and the text eddy check prints back.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "config/aggregate_call.hpp"

using namespace eddy;
using Args = std::vector<std::string>;

namespace {
std::string agg_error(std::string_view text) {
    auto r = parse_aggregate("out", text);
    return r.ok() ? "(no error)" : r.error().message;
}
}  // namespace

TEST_CASE("aggregate_call: syntax") {
    auto count = parse_aggregate_call("count()");
    REQUIRE(count.ok());
    CHECK(count.value().function == "count");
    CHECK(count.value().args.empty());

    auto q = parse_aggregate_call("  quantile( latency_ms ,0.95 ) ");
    REQUIRE(q.ok());
    CHECK(q.value().function == "quantile");
    CHECK(q.value().args == Args{"latency_ms", "0.95"});

    auto blank = parse_aggregate_call("count( )");
    REQUIRE(blank.ok());
    CHECK(blank.value().args.empty());

    for (const char* bad : {"sum(bytes", "sum", "sum bytes)", "(bytes)", "sum(a,)", "sum(,a)", "sum(a) x", "sum((a))", "", "1sum(a)"}) {
        CAPTURE(bad);
        auto r = parse_aggregate_call(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message == "cannot parse aggregate '" + std::string(bad) + "'");
    }
}

TEST_CASE("aggregate_call: a valid aggregate becomes an AggSpec") {
    auto sum = parse_aggregate("bytes", "sum(bytes)");
    REQUIRE(sum.ok());
    CHECK(sum.value().name == "bytes");
    CHECK(sum.value().kind == AggKind::sum);
    REQUIRE(sum.value().field.has_value());
    CHECK(sum.value().field->steps == std::vector<std::string>{"bytes"});

    auto count = parse_aggregate("events", "count()");
    REQUIRE(count.ok());
    CHECK(count.value().kind == AggKind::count);
    CHECK_FALSE(count.value().field.has_value());

    auto pointer = parse_aggregate("n", "count_distinct(/user/name)");
    REQUIRE(pointer.ok());
    CHECK(pointer.value().kind == AggKind::count_distinct);
    CHECK(pointer.value().field->pointer);
    CHECK(pointer.value().field->steps == std::vector<std::string>{"user", "name"});

    auto dotted = parse_aggregate("f", "first(http.url)");
    REQUIRE(dotted.ok());
    CHECK(dotted.value().kind == AggKind::first);
    CHECK(dotted.value().field->steps == std::vector<std::string>{"http", "url"});
}

TEST_CASE("aggregate_call: error messages") {
    CHECK(agg_error("summ(bytes)") == "unknown aggregate 'summ' (did you mean 'sum'?)");
    CHECK(agg_error("frobnicate(bytes)") == "unknown aggregate 'frobnicate'");
    CHECK(agg_error("sum(bytes") == "cannot parse aggregate 'sum(bytes'");
    CHECK(agg_error("count(x)") == "'count' takes no argument");
    CHECK(agg_error("sum()") == "'sum' takes 1 argument");
    CHECK(agg_error("sum(a, b)") == "'sum' takes 1 argument");
    CHECK(agg_error("quantile(x)") == "'quantile' takes 2 arguments");
    CHECK(agg_error("quantile(x, 1.5)") == "quantile must be in [0, 1]");
    CHECK(agg_error("quantile(x, -0.1)") == "quantile must be in [0, 1]");
    CHECK(agg_error("quantile(x, high)") == "quantile must be in [0, 1]");
    CHECK(agg_error("quantile(x, nan)") == "quantile must be in [0, 1]");
    CHECK(agg_error("top_k(x, 0)") == "'top_k' needs an integer from 1 to 1000 as its second argument");
    CHECK(agg_error("top_k(x, 2.5)") == "'top_k' needs an integer from 1 to 1000 as its second argument");
    CHECK(agg_error("top_k(x, 1001)") == "'top_k' needs an integer from 1 to 1000 as its second argument");
    CHECK(agg_error("collect(x, -3)") == "'collect' needs an integer from 1 to 100000 as its second argument");
    CHECK(agg_error("collect(x, 100001)") == "'collect' needs an integer from 1 to 100000 as its second argument");
    CHECK(agg_error("sum(a..b)") == "bad field path 'a..b': empty name");
    CHECK(agg_error("quantile(latency_ms, 0.95)") == "(no error)");
    CHECK(agg_error("top_k(url, 1000)") == "(no error)");
    CHECK(agg_error("collect(url, 100000)") == "(no error)");
    CHECK(agg_error("approx_distinct(user)") == "(no error)");
}

TEST_CASE("aggregate_call: printed back in canonical form") {
    CHECK(aggregate_call_text(parse_aggregate("e", "count( )").value()) == "count()");
    CHECK(aggregate_call_text(parse_aggregate("b", " sum( bytes ) ").value()) == "sum(bytes)");
    AggSpec q;
    q.kind = AggKind::quantile;
    q.field = FieldPath{"latency_ms", {"latency_ms"}, false};
    q.quantile = 0.95;
    CHECK(aggregate_call_text(q) == "quantile(latency_ms, 0.95)");
    AggSpec top;
    top.kind = AggKind::top_k;
    top.field = FieldPath{"/u", {"u"}, true};
    top.limit = 10;
    CHECK(aggregate_call_text(top) == "top_k(/u, 10)");
}
