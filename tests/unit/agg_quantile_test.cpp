// quantile(f, q): exact up to 128 values, then DDSketch within 1 % of the target
// sorted[floor(q·(n−1))] on large generated inputs of either sign; merges equal the union.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "agg/agg_counters.hpp"
#include "agg/quantile.hpp"
#include "agg_test_values.hpp"
#include "sketch_test_data.hpp"

using namespace eddy;
using namespace eddy::sketch_data;
namespace tv = eddy::test_values;

namespace {

// A float as the extractor hands it over; quantile reads only kind and number.
FieldValue number(double d) {
    FieldValue v;
    v.kind = JsonKind::floating;
    v.number = d;
    v.raw = v.canonical = "0";
    return v;
}

std::string written(const QuantileAgg& agg, double q) {
    std::string out;
    AggCounters c;
    agg.write(out, AggParams{q, 0}, c);
    return out;
}

std::string encoded(const QuantileAgg& agg) {
    std::string out;
    ByteWriter w(out);
    agg.encode(w);
    return out;
}

QuantileAgg of(const std::vector<double>& xs) {
    QuantileAgg agg;
    AggCounters c;
    for (double x : xs) agg.add(number(x), EventTime(0), ArrivalSeq(0), c);
    return agg;
}

double target(const std::vector<double>& sorted, double q) {
    return sorted[static_cast<size_t>(std::floor(q * static_cast<double>(sorted.size() - 1)))];
}

constexpr double kQs[] = {0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999};

// The largest |estimate − target| / |target| over kQs; the 1 % bound is checked per q. A
// bucket edge is exactly 1 % from its representative, so allow the last bits of rounding.
double check_within_one_percent(const std::vector<double>& xs) {
    const QuantileAgg agg = of(xs);
    REQUIRE(agg.is_sketch());
    std::vector<double> sorted = xs;
    std::sort(sorted.begin(), sorted.end());
    double worst = 0;
    for (double q : kQs) {
        const double exact = target(sorted, q);
        const double est = agg.quantile(q);
        CAPTURE(q);
        CAPTURE(exact);
        CAPTURE(est);
        CHECK(std::abs(est - exact) <= 0.01 * std::abs(exact) * (1 + 1e-12));
        if (exact != 0) worst = std::max(worst, std::abs(est - exact) / std::abs(exact));
        else CHECK(est == 0);
    }
    CHECK(agg.quantile(0) == sorted.front());
    CHECK(agg.quantile(1) == sorted.back());
    return worst;
}

// Not named `generate`: ADL through std::mt19937_64 would pick std::generate.
std::vector<double> draw_values(size_t n, uint64_t seed, const std::function<double(std::mt19937_64&)>& draw) {
    std::mt19937_64 rng(seed);
    std::vector<double> xs(n);
    for (double& x : xs) x = draw(rng);
    return xs;
}

}  // namespace

TEST_CASE("quantile is small and copies deeply") {
    static_assert(sizeof(QuantileAgg) <= 40);
    QuantileAgg a = of(draw_values(1000, 1, uniform01));
    const QuantileAgg copy = a;
    const std::string before = encoded(copy);
    AggCounters c;
    for (int i = 0; i < 1000; ++i) a.add(number(5.0 + i), EventTime(0), ArrivalSeq(0), c);
    CHECK(encoded(copy) == before);
    QuantileAgg assigned;
    assigned = a;
    CHECK(encoded(assigned) == encoded(a));
}

TEST_CASE("quantile is exact up to 128 values and prints a float") {
    QuantileAgg agg;
    AggCounters c;
    CHECK(written(agg, 0.5) == "null");
    // Sorted: -7, 0.5, 1, 2, 3, 4, 5, 10 (n = 8, n − 1 = 7).
    tv::add_all(agg,
                {tv::integer(5, "5"), tv::integer(1, "1"), tv::integer(4, "4"), tv::integer(2, "2"),
                 tv::integer(3, "3"), tv::integer(10, "10"), tv::integer(-7, "-7"), tv::floating(0.5, "0.5")},
                c);
    CHECK(written(agg, 0) == "-7.0");
    CHECK(written(agg, 0.5) == "2.0");    // index 3
    CHECK(written(agg, 0.95) == "5.0");   // index floor(6.65) = 6
    CHECK(written(agg, 0.999) == "5.0");  // index 6
    CHECK(written(agg, 1) == "10.0");
    CHECK(c.wrong_type == 0);

    // docs/aggregates.md: quantile of [200, 300] at 0.5 is 200.0.
    QuantileAgg two;
    tv::add_all(two, {tv::integer(200, "200"), tv::integer(300, "300")}, c);
    CHECK(written(two, 0.5) == "200.0");

    // 128 values are kept as they are: any q gives the exact target.
    std::vector<double> xs = draw_values(128, 3, [](std::mt19937_64& r) { return uniform01(r) * 1000 - 500; });
    const QuantileAgg exact = of(xs);
    CHECK_FALSE(exact.is_sketch());
    std::sort(xs.begin(), xs.end());
    for (double q : {0.0, 0.01, 0.1, 0.25, 0.5, 0.77, 0.9, 0.95, 0.99, 1.0}) {
        CAPTURE(q);
        CHECK(exact.quantile(q) == target(xs, q));
    }
    CHECK(of(draw_values(129, 3, uniform01)).is_sketch());
}

TEST_CASE("quantile ignores missing and null and counts the wrong types") {
    QuantileAgg agg;
    AggCounters c;
    tv::add_all(agg,
                {tv::missing(), tv::null(), tv::boolean(true), tv::string("5", "\"5\""), tv::object("{}"),
                 tv::array("[1]")},
                c);
    CHECK(c.wrong_type == 4);
    CHECK(agg.count() == 0);
    CHECK(written(agg, 0.5) == "null");
    tv::add_all(agg, {tv::floating(2.5, "2.5"), tv::big_integer(1e30, "1000000000000000000000000000000")}, c);
    CHECK(written(agg, 1) == "1e+30");
    CHECK(written(agg, 0) == "2.5");
}

TEST_CASE("quantile within 1 % on uniform values") {
    const double worst = check_within_one_percent(
        draw_values(1000000, 11, [](std::mt19937_64& r) { return uniform01(r) * 1000; }));
    CHECK(worst <= 0.01 * (1 + 1e-12));
}

TEST_CASE("quantile within 1 % on Zipf-like integers") {
    const Zipf zipf(100000, 1.2);
    const double worst = check_within_one_percent(
        draw_values(1000000, 12, [&](std::mt19937_64& r) { return static_cast<double>(zipf(r)); }));
    CHECK(worst <= 0.01 * (1 + 1e-12));
}

TEST_CASE("quantile within 1 % on heavy-tailed latencies") {
    // Lognormal milliseconds (median 20 ms, long tail) and Pareto(1.1).
    check_within_one_percent(
        draw_values(1000000, 13, [](std::mt19937_64& r) { return std::exp(3.0 + 1.5 * normal(r)); }));
    check_within_one_percent(
        draw_values(1000000, 14, [](std::mt19937_64& r) { return 1.0 / std::pow(1.0 - uniform01(r), 1.0 / 1.1); }));
}

TEST_CASE("quantile within 1 % on negative, mixed-sign values and zeros") {
    SUBCASE("all negative") {
        check_within_one_percent(
            draw_values(1000000, 15, [](std::mt19937_64& r) { return -std::exp(2.0 * normal(r)); }));
    }
    SUBCASE("mixed signs with exact zeros") {
        // A tenth of the values are 0: q = 0.5 falls among them.
        check_within_one_percent(draw_values(1000000, 16, [](std::mt19937_64& r) {
            return r() % 10 == 0 ? 0.0 : 100.0 * normal(r);
        }));
    }
    SUBCASE("mixed signs, integers") {
        check_within_one_percent(draw_values(1000000, 17, [](std::mt19937_64& r) {
            return static_cast<double>(static_cast<int64_t>(r() % 20001) - 10000);
        }));
    }
}

TEST_CASE("quantile keeps at most 2048 buckets a sign, losing only the smallest magnitudes") {
    // Magnitudes from 1e-100 to 1e100: far beyond the 10^17 one store spans.
    std::vector<double> xs;
    std::mt19937_64 rng(21);
    for (int i = 0; i < 200000; ++i) {
        const double m = std::pow(10.0, uniform01(rng) * 200 - 100);
        xs.push_back(i % 2 ? m : -m);
    }
    const QuantileAgg agg = of(xs);
    // Header (tag, n, min, max, zeros) then two stores of at most 2048 varint counts.
    CHECK(encoded(agg).size() < 40 + 2 * (8 + 2048 * 3));
    std::sort(xs.begin(), xs.end());
    // Each store keeps about the top 17.8 of 200 decades: the outer 4.4 % of the values.
    for (double q : {0.0, 0.001, 0.01, 0.03, 0.97, 0.99, 0.999, 1.0}) {
        const double exact = target(xs, q);
        CAPTURE(q);
        CHECK(std::abs(agg.quantile(q) - exact) <= 0.01 * std::abs(exact) * (1 + 1e-12));
    }
    // Collapsed: q = 0.5 falls among the smallest magnitudes, still within [min, max].
    CHECK(agg.quantile(0.5) >= xs.front());
    CHECK(agg.quantile(0.5) <= xs.back());
}

TEST_CASE("quantile merge of two halves equals all at once") {
    for (size_t n : {100u, 200u, 300000u}) {
        const std::vector<double> xs = draw_values(
            n, 31, [](std::mt19937_64& r) { return r() % 7 == 0 ? -uniform01(r) : std::exp(4 * normal(r)); });
        const std::vector<double> first(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(n / 2));
        const std::vector<double> second(xs.begin() + static_cast<std::ptrdiff_t>(n / 2), xs.end());
        QuantileAgg merged = of(first);
        merged.merge(of(second));
        QuantileAgg reversed = of(second);
        reversed.merge(of(first));
        const QuantileAgg all = of(xs);
        CAPTURE(n);
        CHECK(encoded(merged) == encoded(all));
        CHECK(encoded(reversed) == encoded(all));
        for (double q : {0.0, 0.01, 0.5, 0.99, 1.0}) {
            CHECK(written(merged, q) == written(all, q));
        }
        QuantileAgg empty;
        empty.merge(all);
        CHECK(encoded(empty) == encoded(all));
        merged.merge(QuantileAgg{});
        CHECK(encoded(merged) == encoded(all));
    }
}

TEST_CASE("quantile orders -0.0 before 0.0 whatever the arrival order") {
    CHECK(written(of({0.0, -0.0}), 0) == "-0.0");
    CHECK(written(of({-0.0, 0.0}), 0) == "-0.0");
    CHECK(written(of({-0.0, 0.0}), 1) == "0.0");
    CHECK(encoded(of({0.0, -0.0})) == encoded(of({-0.0, 0.0})));
}

TEST_CASE("quantile of an infinite value prints null and counts it") {
    // A big integer beyond the double range reads as +Inf.
    static const std::string digits = "1" + std::string(400, '0');
    for (size_t n : {1u, 500u}) {
        QuantileAgg agg = of(draw_values(n, 41, uniform01));
        AggCounters c;
        agg.add(tv::big_integer(HUGE_VAL, digits), EventTime(0), ArrivalSeq(0), c);
        std::string out;
        agg.write(out, AggParams{1.0, 0}, c);
        CAPTURE(n);
        CHECK(out == "null");
        CHECK(c.non_finite == 1);
        CHECK(std::isfinite(agg.quantile(0.5)));
    }
}

TEST_CASE("quantile encode/decode round trip") {
    for (size_t n : {0u, 1u, 128u, 129u, 100000u}) {
        const QuantileAgg agg = of(draw_values(n, 51, [](std::mt19937_64& r) { return 50 * normal(r); }));
        const std::string bytes = encoded(agg);
        QuantileAgg back;
        ByteReader r(bytes);
        back.decode(r);
        CAPTURE(n);
        CHECK(r.complete());
        CHECK(encoded(back) == bytes);
        CHECK(back.count() == n);
        for (double q : {0.0, 0.3, 0.99, 1.0}) CHECK(written(back, q) == written(agg, q));
    }
    // Exact: 8 bytes a value; sketch: a varint a bucket.
    CHECK(encoded(of({1.5})).size() == 1 + 1 + 8);
}

TEST_CASE("quantile refuses corrupted bytes") {
    auto fails = [](std::string_view bytes) {
        QuantileAgg agg;
        ByteReader r(bytes);
        agg.decode(r);
        return !r.complete();
    };
    for (size_t n : {3u, 5000u}) {
        const std::string bytes = encoded(of(draw_values(n, 61, [](std::mt19937_64& r) { return 10 * normal(r); })));
        for (size_t len = 0; len < bytes.size(); ++len) {
            CAPTURE(len);
            CHECK(fails(std::string_view(bytes).substr(0, len)));
        }
    }
    CHECK(fails(std::string("\x07", 1)));                                       // unknown tag
    CHECK(fails(std::string("\x00\x81\x01", 3) + std::string(129 * 8, '\0')));  // 129 exact values
    {
        std::string bytes;
        ByteWriter w(bytes);
        w.u8(0);
        w.varint(2);
        w.f64(2.0);
        w.f64(1.0);  // not sorted
        CHECK(fails(bytes));
    }
    auto sketch = [](uint64_t n, double min, double max, uint64_t zeros, uint64_t buckets, int64_t offset,
                     uint64_t each) {
        std::string bytes;
        ByteWriter w(bytes);
        w.u8(1);
        w.varint(n);
        w.f64(min);
        w.f64(max);
        w.varint(zeros);
        w.varint(buckets);
        if (buckets) {
            w.svarint(offset);
            for (uint64_t i = 0; i < buckets; ++i) w.varint(each);
        }
        w.varint(0);  // no negative values
        return bytes;
    };
    CHECK_FALSE(fails(sketch(200, 1, 2, 0, 2, 10, 100)));
    CHECK(fails(sketch(201, 1, 2, 0, 2, 10, 100)));     // counts do not add up to n
    CHECK(fails(sketch(100, 1, 2, 0, 2, 10, 50)));      // a sketch of at most 128 values
    CHECK(fails(sketch(200, 2, 1, 0, 2, 10, 100)));     // min above max
    CHECK(fails(sketch(4098, 1, 2, 0, 2049, 10, 2)));   // too many buckets
    CHECK(fails(sketch(200, 1, 2, 0, 2, 40000, 100)));  // an index beyond any double
    CHECK(fails(sketch(200, NAN, 2, 0, 2, 10, 100)));   // NaN
    {
        // Counts 0, 200: a store never keeps an empty bucket at its ends.
        std::string bytes;
        ByteWriter w(bytes);
        w.u8(1);
        w.varint(200);
        w.f64(1);
        w.f64(2);
        w.varint(0);
        w.varint(2);
        w.svarint(10);
        w.varint(0);
        w.varint(200);
        w.varint(0);
        CHECK(fails(bytes));
    }
    CHECK(fails(std::string("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11)));  // truncated after a huge n
    std::mt19937_64 rng(5);
    for (int i = 0; i < 2000; ++i) {
        std::string junk(rng() % 64, '\0');
        for (char& ch : junk) ch = static_cast<char>(rng());
        if (i % 2) junk[0] = static_cast<char>(rng() % 2);
        QuantileAgg agg;
        ByteReader r(junk);
        agg.decode(r);
    }
}
