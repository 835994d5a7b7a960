// top_k(f, k): exact counts and their order up to 10,000 distinct values, then Space-Saving
// with its bounds (present if count > N/10,000, overcount ≤ N/10,000); merges; stable bytes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "agg/agg_counters.hpp"
#include "agg/top_k.hpp"
#include "agg_test_values.hpp"
#include "sketch_test_data.hpp"
#include "json/number_format.hpp"

using namespace eddy;
using namespace eddy::sketch_data;
namespace tv = eddy::test_values;

namespace {

std::string written(const TopKAgg& agg, int64_t k) {
    std::string out;
    AggCounters c;
    agg.write(out, AggParams{0, k}, c);
    return out;
}

std::string encoded(const TopKAgg& agg) {
    std::string out;
    ByteWriter w(out);
    agg.encode(w);
    return out;
}

void add_int(TopKAgg& agg, int64_t i) {
    std::string text;
    append_int(text, i);
    AggCounters c;
    agg.add(tv::integer(i, text), EventTime(0), ArrivalSeq(0), c);
}

TopKAgg of_ints(const std::vector<int64_t>& xs) {
    TopKAgg agg;
    for (int64_t x : xs) add_int(agg, x);
    return agg;
}

// The printed (value, count) pairs of integer values, in printed order.
std::vector<std::pair<int64_t, uint64_t>> parse(const std::string& out) {
    std::vector<std::pair<int64_t, uint64_t>> entries;
    size_t pos = 0;
    while ((pos = out.find("{\"value\":", pos)) != std::string::npos) {
        pos += 9;
        const size_t comma = out.find(",\"count\":", pos);
        const int64_t value = std::stoll(out.substr(pos, comma - pos));
        pos = comma + 9;
        const uint64_t count = std::stoull(out.substr(pos, out.find('}', pos) - pos));
        entries.emplace_back(value, count);
    }
    return entries;
}

// Space-Saving's guarantees for a state of N values: every printed count is within
// [true, true + N/10000], and every value with a true count above N/10000 is printed.
void check_space_saving_bounds(const TopKAgg& agg, const std::map<int64_t, uint64_t>& truth, uint64_t n,
                               bool lower_bound_for_all = true) {
    const uint64_t slack = n / TopKAgg::kCounters;
    const auto entries = parse(written(agg, TopKAgg::kCounters));
    CHECK(entries.size() == TopKAgg::kCounters);
    std::map<int64_t, uint64_t> printed;
    uint64_t max_over = 0;
    for (const auto& [value, count] : entries) {
        printed[value] = count;
        const auto it = truth.find(value);
        const uint64_t actual = it == truth.end() ? 0 : it->second;
        CAPTURE(value);
        CAPTURE(actual);
        CAPTURE(count);
        if (lower_bound_for_all || actual > slack) CHECK(count >= actual);
        CHECK(count <= actual + slack);
        if (count > actual) max_over = std::max(max_over, count - actual);
    }
    size_t heavy = 0;
    for (const auto& [value, count] : truth) {
        if (count <= slack) continue;
        ++heavy;
        CAPTURE(value);
        CHECK(printed.count(value) == 1);
    }
    CHECK(heavy > 100);  // the test means something
    CHECK(max_over <= slack);
}

}  // namespace

TEST_CASE("top_k is small and copies deeply") {
    static_assert(sizeof(TopKAgg) <= 40);
    std::vector<int64_t> xs;
    for (int64_t i = 0; i < 12000; ++i) xs.push_back(i % 11000);
    TopKAgg a = of_ints(xs);
    REQUIRE(a.is_space_saving());
    const TopKAgg copy = a;
    const std::string before = encoded(copy);
    for (int64_t i = 0; i < 100; ++i) add_int(a, 50000 + i);
    CHECK(encoded(copy) == before);
    CHECK(encoded(a) != before);
    TopKAgg assigned;
    assigned = a;
    CHECK(encoded(assigned) == encoded(a));
    // The copy's Space-Saving works on its own counters.
    TopKAgg again = copy;
    for (int64_t i = 0; i < 100; ++i) add_int(again, 50000 + i);
    CHECK(encoded(again) == encoded(a));
}

TEST_CASE("top_k counts exactly, by count then canonical text") {
    TopKAgg agg;
    AggCounters c;
    CHECK(written(agg, 3) == "[]");
    tv::add_all(agg, {tv::missing(), tv::null()}, c);
    CHECK(written(agg, 3) == "[]");
    // docs/aggregates.md's example.
    tv::add_all(agg,
                {tv::string("/b", "\"/b\""), tv::integer(7, "7"), tv::string("/a", "\"/a\""), tv::string("/b", "\"/b\""),
                 tv::string("/a", "\"/a\""), tv::null(), tv::string("/a", "\"/a\""), tv::string("/b", "\"/b\"")},
                c);
    CHECK(written(agg, 10) == R"([{"value":"/a","count":3},{"value":"/b","count":3},{"value":7,"count":1}])");
    CHECK(written(agg, 2) == R"([{"value":"/a","count":3},{"value":"/b","count":3}])");
    CHECK(written(agg, 1) == R"([{"value":"/a","count":3}])");
    CHECK(c.wrong_type == 0);

    // Canonical text decides identity (1.50 is 1.5) and breaks ties bytewise: '"' (0x22) sorts
    // before digits and letters, 'B' before 'z', and é's UTF-8 lead byte 0xC3 after 'z'.
    TopKAgg ties;
    tv::add_all(ties,
                {tv::floating(1.5, "1.50", "1.5"), tv::floating(1.5, "1.5"), tv::string("é", "\"é\""),
                 tv::string("é", "\"é\""), tv::string("z", "\"z\""), tv::string("z", "\"z\""),
                 tv::string("B", "\"B\""), tv::string("B", "\"B\""), tv::boolean(true), tv::boolean(true),
                 tv::object("{\"k\":[1]}"), tv::array("[1,2]")},
                c);
    CHECK(written(ties, 100) ==
          R"([{"value":"B","count":2},{"value":"z","count":2},{"value":"é","count":2},{"value":1.5,"count":2},)"
          R"({"value":true,"count":2},{"value":[1,2],"count":1},{"value":{"k":[1]},"count":1}])");
}

TEST_CASE("top_k stays exact up to 10000 distinct values") {
    // Value i occurs (i % 50) + 1 times; 10000 distinct values in a scrambled order.
    std::vector<int64_t> xs;
    for (int64_t i = 0; i < 10000; ++i)
        for (int64_t j = 0; j <= i % 50; ++j) xs.push_back(i);
    std::mt19937_64 rng(3);
    std::shuffle(xs.begin(), xs.end(), rng);
    const TopKAgg agg = of_ints(xs);
    CHECK_FALSE(agg.is_space_saving());
    CHECK(agg.counters() == 10000);
    const auto top = parse(written(agg, 1000));
    REQUIRE(top.size() == 1000);
    // Count 50: i = 49, 99, 149, ... in text order ("1049" < "149" < ...).
    std::vector<std::string> fifty;
    for (int64_t i = 49; i < 10000; i += 50) fifty.push_back(std::to_string(i));
    std::sort(fifty.begin(), fifty.end());
    for (size_t i = 0; i < fifty.size(); ++i) {
        CHECK(top[i].second == 50);
        CHECK(std::to_string(top[i].first) == fifty[i]);
    }
    CHECK(top[200].second == 49);
    CHECK(top[999].second == 46);
}

TEST_CASE("top_k Space-Saving bounds on 1M Zipf values") {
    const Zipf zipf(1000000, 1.05);
    std::mt19937_64 rng(17);
    std::vector<int64_t> xs(1000000);
    std::map<int64_t, uint64_t> truth;
    for (int64_t& x : xs) ++truth[x = zipf(rng)];
    REQUIRE(truth.size() > 2 * TopKAgg::kCounters);
    const TopKAgg agg = of_ints(xs);
    CHECK(agg.is_space_saving());
    CHECK(agg.counters() == TopKAgg::kCounters);
    check_space_saving_bounds(agg, truth, xs.size());
    // The head is exact and in order.
    const auto top = parse(written(agg, 3));
    REQUIRE(top.size() == 3);
    CHECK(top[0].first == 1);
    CHECK(top[1].first == 2);
    CHECK(top[2].first == 3);
}

TEST_CASE("top_k merge adds counts") {
    SUBCASE("exact states") {
        TopKAgg a = of_ints({1, 1, 2, 3}), b = of_ints({3, 3, 4});
        a.merge(b);
        CHECK(written(a, 10) ==
              R"([{"value":3,"count":3},{"value":1,"count":2},{"value":2,"count":1},{"value":4,"count":1}])");
        TopKAgg empty;
        empty.merge(a);
        CHECK(encoded(empty) == encoded(a));
        a.merge(TopKAgg{});
        CHECK(encoded(empty) == encoded(a));
    }
    SUBCASE("past 10000 distinct it keeps the largest, ties by text") {
        // 6000 + 6000 distinct values of count 1, and value 5 counted 10 times.
        std::vector<int64_t> xs, ys;
        for (int64_t i = 0; i < 6000; ++i) xs.push_back(100000 + i);
        for (int64_t i = 0; i < 6000; ++i) ys.push_back(200000 + i);
        for (int i = 0; i < 5; ++i) xs.push_back(5), ys.push_back(5);
        TopKAgg a = of_ints(xs), b = of_ints(ys);
        TopKAgg b_then_a = b;
        a.merge(b);
        b_then_a.merge(of_ints(xs));
        CHECK(encoded(a) == encoded(b_then_a));
        CHECK(a.counters() == TopKAgg::kCounters);
        const auto all = parse(written(a, TopKAgg::kCounters));
        REQUIRE(all.size() == TopKAgg::kCounters);
        CHECK(all[0] == std::pair<int64_t, uint64_t>{5, 10});
        // The rest: the 9999 smallest texts among the count-1 values, all of xs then ys.
        CHECK(all[1].first == 100000);
        CHECK(all[6000].first == 105999);
        CHECK(all[6001].first == 200000);
        CHECK(all[9999].first == 203998);
        // A merged state keeps working as Space-Saving.
        add_int(a, 7);
        CHECK(a.counters() == TopKAgg::kCounters);
        CHECK(a.is_space_saving());
        CHECK(written(a, 2) == R"([{"value":5,"count":10},{"value":7,"count":2}])");
    }
    SUBCASE("two Space-Saving halves of 1M Zipf values") {
        const Zipf zipf(1000000, 1.05);
        std::mt19937_64 rng(18);
        std::vector<int64_t> first(500000), second(500000);
        std::map<int64_t, uint64_t> truth;
        for (int64_t& x : first) ++truth[x = zipf(rng)];
        for (int64_t& x : second) ++truth[x = zipf(rng)];
        TopKAgg a = of_ints(first);
        const TopKAgg b = of_ints(second);
        REQUIRE(a.is_space_saving());
        REQUIRE(b.is_space_saving());
        a.merge(b);
        // A value evicted from one half but kept by the other loses that half's count, so
        // the lower bound is checked for the values above N/10000 (docs/aggregates.md).
        check_space_saving_bounds(a, truth, 1000000, false);
    }
}

TEST_CASE("top_k encode is deterministic and round-trips") {
    std::vector<int64_t> xs;
    for (int64_t i = 0; i < 3000; ++i) xs.push_back((i * 7919) % 1000);
    std::vector<int64_t> reversed(xs.rbegin(), xs.rend());
    CHECK(encoded(of_ints(xs)) == encoded(of_ints(reversed)));

    std::vector<int64_t> many;
    for (int64_t i = 0; i < 30000; ++i) many.push_back(i % 15000);
    for (const TopKAgg& agg : {TopKAgg{}, of_ints({42}), of_ints(xs), of_ints(many)}) {
        const std::string bytes = encoded(agg);
        TopKAgg back;
        ByteReader r(bytes);
        back.decode(r);
        CHECK(r.complete());
        CHECK(encoded(back) == bytes);
        CHECK(written(back, 1000) == written(agg, 1000));
        // A decoded state carries on as the original does, Space-Saving included.
        TopKAgg original = agg;
        for (int64_t i = 0; i < 50; ++i) add_int(original, 90000 + i % 7), add_int(back, 90000 + i % 7);
        CHECK(encoded(back) == encoded(original));
    }
    // A varint count, then per value its text and count.
    CHECK(encoded(of_ints({42, 42})) == std::string("\x01\x02" "42" "\x02", 5));
}

TEST_CASE("top_k refuses corrupted bytes") {
    auto fails = [](std::string_view bytes) {
        TopKAgg agg;
        ByteReader r(bytes);
        agg.decode(r);
        return !r.complete();
    };
    const std::string bytes = encoded(of_ints({1, 1, 2, 300, 300, 300}));
    for (size_t len = 0; len < bytes.size(); ++len) {
        CAPTURE(len);
        CHECK(fails(std::string_view(bytes).substr(0, len)));
    }
    auto state = [](std::vector<std::pair<std::string, uint64_t>> entries, uint64_t n) {
        std::string out;
        ByteWriter w(out);
        w.varint(n);
        for (const auto& [t, c] : entries) w.bytes(t), w.varint(c);
        return out;
    };
    CHECK_FALSE(fails(state({{"1", 2}, {"2", 1}}, 2)));
    CHECK(fails(state({{"2", 2}, {"1", 1}}, 2)));    // not sorted
    CHECK(fails(state({{"1", 2}, {"1", 1}}, 2)));    // a duplicate
    CHECK(fails(state({{"1", 0}}, 1)));              // a zero count
    CHECK(fails(state({{"", 3}}, 1)));               // an empty text
    CHECK(fails(state({}, 10001)));                  // more than 10000 counters
    CHECK(fails(state({}, uint64_t{1} << 62)));      // absurd, without allocating for it
    std::mt19937_64 rng(5);
    for (int i = 0; i < 2000; ++i) {
        std::string junk(rng() % 64, '\0');
        for (char& ch : junk) ch = static_cast<char>(rng());
        if (i % 2) junk[0] = static_cast<char>(rng() % 4);
        TopKAgg agg;
        ByteReader r(junk);
        agg.decode(r);
    }
}
