// collect(f, limit): the first `limit` non-null values by (event time, arrival), whatever order
// they arrive in; merges keep the first `limit` of the union; stable, checked bytes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "agg/agg_counters.hpp"
#include "agg/collect.hpp"
#include "agg_test_values.hpp"
#include "json/number_format.hpp"

using namespace eddy;
namespace tv = eddy::test_values;

namespace {

std::string written(const CollectAgg& agg) {
    std::string out;
    AggCounters c;
    agg.write(out, AggParams{0, agg.limit()}, c);
    return out;
}

std::string encoded(const CollectAgg& agg) {
    std::string out;
    ByteWriter w(out);
    agg.encode(w);
    return out;
}

// (time, arrival, integer value)
using Event = std::tuple<int64_t, uint64_t, int64_t>;

void add(CollectAgg& agg, const Event& e) {
    std::string text;
    append_int(text, std::get<2>(e));
    AggCounters c;
    agg.add(tv::integer(std::get<2>(e), text), EventTime(std::get<0>(e)), ArrivalSeq(std::get<1>(e)), c);
}

CollectAgg of(int64_t limit, const std::vector<Event>& events) {
    CollectAgg agg(limit);
    for (const Event& e : events) add(agg, e);
    return agg;
}

// What collect must print: the first `limit` events by (time, arrival).
std::string expected(int64_t limit, std::vector<Event> events) {
    std::sort(events.begin(), events.end());
    std::string out = "[";
    for (size_t i = 0; i < events.size() && i < static_cast<size_t>(limit); ++i) {
        if (i) out.push_back(',');
        append_int(out, std::get<2>(events[i]));
    }
    return out + "]";
}

std::vector<Event> shuffled_events(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<Event> events;
    for (size_t i = 0; i < n; ++i)
        events.emplace_back(static_cast<int64_t>(rng() % 1000) - 500, i + 1, static_cast<int64_t>(rng() % 100000));
    std::shuffle(events.begin(), events.end(), rng);
    return events;
}

}  // namespace

TEST_CASE("collect is small and copyable") {
    static_assert(sizeof(CollectAgg) <= 40);
    CollectAgg a = of(3, {{1, 1, 10}, {2, 2, 20}});
    const CollectAgg copy = a;
    add(a, {0, 3, 5});
    CHECK(written(copy) == "[10,20]");
    CHECK(written(a) == "[5,10,20]");
}

TEST_CASE("collect orders by event time, then arrival") {
    CollectAgg agg(10);
    CHECK(written(agg) == "[]");
    AggCounters c;
    agg.add(tv::string("c", "\"c\""), EventTime(30), ArrivalSeq(1), c);
    agg.add(tv::string("a", "\"a\""), EventTime(10), ArrivalSeq(2), c);
    agg.add(tv::null(), EventTime(5), ArrivalSeq(3), c);
    agg.add(tv::missing(), EventTime(5), ArrivalSeq(4), c);
    agg.add(tv::object("{\"k\":[1,2]}"), EventTime(20), ArrivalSeq(6), c);
    agg.add(tv::floating(1.5, "1.50", "1.5"), EventTime(20), ArrivalSeq(5), c);  // same time, earlier arrival
    agg.add(tv::boolean(false), EventTime(40), ArrivalSeq(7), c);
    agg.add(tv::array("[]"), EventTime(10), ArrivalSeq(8), c);
    CHECK(written(agg) == R"(["a",[],1.5,{"k":[1,2]},"c",false])");
    CHECK(c.wrong_type == 0);
}

TEST_CASE("collect keeps the first `limit` values however they arrive") {
    CHECK(written(of(3, {{5, 1, 5}, {4, 2, 4}, {3, 3, 3}, {2, 4, 2}, {1, 5, 1}})) == "[1,2,3]");
    CHECK(written(of(3, {{1, 1, 1}, {2, 2, 2}, {3, 3, 3}, {4, 4, 4}, {0, 5, 0}})) == "[0,1,2]");
    CHECK(written(of(1, {{7, 9, 1}, {7, 8, 2}, {7, 10, 3}})) == "[2]");
    for (int64_t limit : {1, 2, 10, 1000, 100000}) {
        const auto events = shuffled_events(20000, static_cast<uint64_t>(limit));
        const CollectAgg agg = of(limit, events);
        CAPTURE(limit);
        CHECK(agg.size() == std::min<size_t>(static_cast<size_t>(limit), events.size()));
        CHECK(written(agg) == expected(limit, events));
    }
}

TEST_CASE("collect stays fast on a million events in reverse order") {
    std::vector<Event> events;
    for (uint64_t i = 0; i < 1000000; ++i) events.emplace_back(1000000 - static_cast<int64_t>(i), i + 1, static_cast<int64_t>(i));
    const CollectAgg agg = of(100000, events);
    CHECK(written(agg) == expected(100000, events));
}

TEST_CASE("collect merge keeps the first `limit` of the union") {
    const auto events = shuffled_events(5000, 77);
    for (int64_t limit : {1, 7, 3000, 10000}) {
        const std::vector<Event> first(events.begin(), events.begin() + 2000), second(events.begin() + 2000, events.end());
        CollectAgg a = of(limit, first);
        a.merge(of(limit, second));
        CollectAgg b = of(limit, second);
        b.merge(of(limit, first));
        const CollectAgg all = of(limit, events);
        CAPTURE(limit);
        CHECK(written(a) == expected(limit, events));
        CHECK(encoded(a) == encoded(all));
        CHECK(encoded(b) == encoded(all));
        CollectAgg empty(limit);
        empty.merge(all);
        CHECK(encoded(empty) == encoded(all));
        a.merge(CollectAgg(limit));
        CHECK(encoded(a) == encoded(all));
    }
}

TEST_CASE("collect encode/decode round trip") {
    for (int64_t limit : {1, 5, 100000}) {
        const CollectAgg agg = of(limit, shuffled_events(300, 5));
        const std::string bytes = encoded(agg);
        CollectAgg back(limit);
        ByteReader r(bytes);
        back.decode(r);
        CAPTURE(limit);
        CHECK(r.complete());
        CHECK(encoded(back) == bytes);
        CHECK(written(back) == written(agg));
        // The decoded state goes on keeping the first `limit`.
        CollectAgg original = agg;
        add(original, {-1000, 9999, 1});
        add(back, {-1000, 9999, 1});
        CHECK(encoded(back) == encoded(original));
    }
    // Extreme times survive the delta encoding.
    const CollectAgg extremes = of(5, {{INT64_MIN + 1, 1, 1}, {INT64_MAX - 1, 2, 2}, {0, 3, 3}});
    const std::string bytes = encoded(extremes);
    CollectAgg back(5);
    ByteReader r(bytes);
    back.decode(r);
    CHECK(r.complete());
    CHECK(written(back) == "[1,3,2]");
    // Count, then time (zigzag first, then deltas), arrival and text per value.
    CHECK(encoded(of(2, {{3, 1, 7}, {5, 2, 8}})) == std::string("\x02\x06\x01\x01" "7" "\x02\x02\x01" "8", 9));
}

TEST_CASE("collect refuses corrupted bytes") {
    auto fails = [](std::string_view bytes, int64_t limit = 10) {
        CollectAgg agg(limit);
        ByteReader r(bytes);
        agg.decode(r);
        return !r.complete();
    };
    const std::string bytes = encoded(of(10, shuffled_events(5, 9)));
    for (size_t len = 0; len < bytes.size(); ++len) {
        CAPTURE(len);
        CHECK(fails(std::string_view(bytes).substr(0, len)));
    }
    CHECK_FALSE(fails(bytes));
    CHECK(fails(bytes, 4));  // more values than the plan's limit
    auto state = [](std::vector<std::tuple<uint64_t, uint64_t, std::string>> items, int64_t first_time) {
        std::string out;
        ByteWriter w(out);
        w.varint(items.size());
        bool first = true;
        for (const auto& [time, seq, text] : items) {
            if (first) w.svarint(first_time);
            else w.varint(time);
            first = false;
            w.varint(seq);
            w.bytes(text);
        }
        return out;
    };
    CHECK_FALSE(fails(state({{0, 2, "1"}, {0, 3, "2"}}, 7)));
    CHECK(fails(state({{0, 3, "1"}, {0, 2, "2"}}, 7)));            // arrival out of order at one time
    CHECK(fails(state({{0, 3, ""}}, 7)));                           // an empty text
    CHECK(fails(state({{0, 1, "1"}, {2, 1, "2"}}, INT64_MAX - 1)));  // a delta past the largest time
    CHECK(fails(std::string("\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 9), INT64_MAX));  // absurd count
    std::mt19937_64 rng(5);
    for (int i = 0; i < 2000; ++i) {
        std::string junk(rng() % 64, '\0');
        for (char& ch : junk) ch = static_cast<char>(rng());
        if (i % 2) junk[0] = static_cast<char>(rng() % 4);
        CollectAgg agg(1000);
        ByteReader r(junk);
        agg.decode(r);
    }
}
