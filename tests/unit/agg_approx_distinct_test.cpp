// approx_distinct(f): exact up to 1,024 distinct values, then HyperLogLog p=14 within 3σ (2.44 %)
// on large generated inputs; merges equal the state of the union; decoding survives bad bytes.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "agg/agg_counters.hpp"
#include "agg/approx_distinct.hpp"
#include "agg_test_values.hpp"
#include "sketch_test_data.hpp"
#include "json/number_format.hpp"

using namespace eddy;
using namespace eddy::sketch_data;
namespace tv = eddy::test_values;

namespace {

// Feeds integers as the extractor would (canonical text = digits); returns the exact distinct count.
class IntFeeder {
public:
    void add(ApproxDistinctAgg& agg, int64_t i) {
        text_.clear();
        append_int(text_, i);
        agg.add(tv::integer(i, text_), EventTime(0), ArrivalSeq(0), counters_);
        seen_.insert(i);
    }
    size_t distinct() const { return seen_.size(); }

private:
    std::string text_;
    absl::flat_hash_set<int64_t> seen_;
    AggCounters counters_;
};

// Doubles by their rule-19 text; distinct doubles (all positive here) have distinct texts.
class DoubleFeeder {
public:
    void add(ApproxDistinctAgg& agg, double d) {
        text_.clear();
        append_double(text_, d);
        agg.add(tv::floating(d, text_), EventTime(0), ArrivalSeq(0), counters_);
        seen_.insert(std::bit_cast<uint64_t>(d));
    }
    size_t distinct() const { return seen_.size(); }

private:
    std::string text_;
    absl::flat_hash_set<uint64_t> seen_;
    AggCounters counters_;
};

std::string written(const ApproxDistinctAgg& agg) {
    std::string out;
    AggCounters c;
    agg.write(out, AggParams{}, c);
    return out;
}

double relative_error(const ApproxDistinctAgg& agg, size_t truth) {
    return std::abs(std::stod(written(agg)) - static_cast<double>(truth)) / static_cast<double>(truth);
}

std::string encoded(const ApproxDistinctAgg& agg) {
    std::string out;
    ByteWriter w(out);
    agg.encode(w);
    return out;
}

ApproxDistinctAgg ints(int64_t from, int64_t to) {
    ApproxDistinctAgg agg;
    IntFeeder f;
    for (int64_t i = from; i < to; ++i) f.add(agg, i);
    return agg;
}

constexpr double kThreeSigma = 3 * 1.04 / 128;  // 2.44 %

}  // namespace

TEST_CASE("approx_distinct is small and copies deeply") {
    static_assert(sizeof(ApproxDistinctAgg) <= 40);
    ApproxDistinctAgg a = ints(0, 5000);
    REQUIRE(a.is_dense());
    ApproxDistinctAgg copy = a;
    const std::string before = encoded(copy);
    IntFeeder f;
    for (int64_t i = 5000; i < 50000; ++i) f.add(a, i);
    CHECK(encoded(copy) == before);
    CHECK(encoded(a) != before);
    copy = a;
    CHECK(encoded(copy) == encoded(a));
}

TEST_CASE("approx_distinct is exact while at most 1024 distinct values") {
    ApproxDistinctAgg agg;
    CHECK(written(agg) == "0");
    AggCounters c;
    tv::add_all(agg, {tv::missing(), tv::null()}, c);
    CHECK(written(agg) == "0");
    // Canonical text tells values apart: 1 and 1.0 are two, 1.5 and 1.50 one.
    tv::add_all(agg,
                {tv::integer(1, "1"), tv::floating(1.0, "1.0"), tv::floating(1.5, "1.5"),
                 tv::floating(1.5, "1.50", "1.5"), tv::string("a", "\"a\""), tv::boolean(true),
                 tv::object("{\"k\":1}"), tv::array("[1]")},
                c);
    CHECK(written(agg) == "7");
    CHECK(c.wrong_type == 0);

    // 1000 distinct among 5000 values, in a scrambled order.
    ApproxDistinctAgg thousand;
    IntFeeder f;
    std::vector<int64_t> values;
    for (int64_t i = 0; i < 5000; ++i) values.push_back((i % 1000) * 7919);
    std::mt19937_64 rng(7);
    std::shuffle(values.begin(), values.end(), rng);
    for (int64_t x : values) f.add(thousand, x);
    REQUIRE(f.distinct() == 1000);
    CHECK(written(thousand) == "1000");
    CHECK_FALSE(thousand.is_dense());

    ApproxDistinctAgg at_limit = ints(0, 1024);
    CHECK(written(at_limit) == "1024");
    CHECK_FALSE(at_limit.is_dense());
    ApproxDistinctAgg past = ints(0, 1025);
    CHECK(past.is_dense());
    CHECK(relative_error(past, 1025) <= kThreeSigma);
}

TEST_CASE("approx_distinct on uniform integers stays within 3 sigma") {
    std::mt19937_64 rng(42);
    for (size_t cardinality : {2000u, 5000u, 10000u, 100000u, 1000000u}) {
        // A pool of random integers, then 1M draws from it (a 1M pool is used once each).
        std::vector<int64_t> pool(cardinality);
        for (int64_t& x : pool) x = static_cast<int64_t>(rng() >> 1);
        ApproxDistinctAgg agg;
        IntFeeder f;
        if (cardinality >= 1000000) {
            for (int64_t x : pool) f.add(agg, x);
        } else {
            for (int i = 0; i < 1000000; ++i) f.add(agg, pool[rng() % cardinality]);
        }
        CAPTURE(cardinality);
        CAPTURE(f.distinct());
        CAPTURE(written(agg));
        CHECK(relative_error(agg, f.distinct()) <= kThreeSigma);
    }
    // Consecutive integers: texts that differ in a digit or two.
    ApproxDistinctAgg seq = ints(0, 1000000);
    CAPTURE(written(seq));
    CHECK(relative_error(seq, 1000000) <= kThreeSigma);
}

TEST_CASE("approx_distinct on Zipf values stays within 3 sigma") {
    std::mt19937_64 rng(1234);
    for (double s : {0.8, 1.1, 1.5}) {
        const Zipf zipf(2000000, s);
        ApproxDistinctAgg agg;
        IntFeeder f;
        for (int i = 0; i < 1000000; ++i) f.add(agg, zipf(rng));
        CAPTURE(s);
        CAPTURE(f.distinct());
        CAPTURE(written(agg));
        CHECK(relative_error(agg, f.distinct()) <= kThreeSigma);
    }
}

TEST_CASE("approx_distinct on heavy-tailed doubles stays within 3 sigma") {
    std::mt19937_64 rng(99);
    {
        ApproxDistinctAgg agg;
        DoubleFeeder f;
        for (int i = 0; i < 1000000; ++i) f.add(agg, lognormal(rng, 3.0, 2.0));
        CAPTURE(f.distinct());
        CAPTURE(written(agg));
        CHECK(relative_error(agg, f.distinct()) <= kThreeSigma);
    }
    {
        // Pareto (alpha 1.2) rounded to cents: many repeats among the small values.
        ApproxDistinctAgg agg;
        DoubleFeeder f;
        for (int i = 0; i < 1000000; ++i) {
            const double x = 1.0 / std::pow(1.0 - uniform01(rng), 1.0 / 1.2);
            f.add(agg, std::round(x * 100) / 100);
        }
        CAPTURE(f.distinct());
        CAPTURE(written(agg));
        CHECK(relative_error(agg, f.distinct()) <= kThreeSigma);
    }
}

TEST_CASE("approx_distinct merge equals the state of the union") {
    SUBCASE("sparse halves stay sparse") {
        ApproxDistinctAgg a = ints(0, 300), b = ints(300, 600);
        a.merge(b);
        CHECK(encoded(a) == encoded(ints(0, 600)));
        CHECK(written(a) == "600");
    }
    SUBCASE("sparse halves just past 1024 together become dense") {
        ApproxDistinctAgg a = ints(0, 515), b = ints(515, 1030);
        a.merge(b);
        CHECK(a.is_dense());
        CHECK(encoded(a) == encoded(ints(0, 1030)));
    }
    SUBCASE("sparse halves that overlap and overflow become dense") {
        ApproxDistinctAgg a = ints(0, 700), b = ints(500, 1200);
        a.merge(b);
        CHECK(a.is_dense());
        CHECK(encoded(a) == encoded(ints(0, 1200)));
    }
    SUBCASE("dense halves") {
        ApproxDistinctAgg a = ints(0, 50000), b = ints(50000, 100000);
        a.merge(b);
        CHECK(encoded(a) == encoded(ints(0, 100000)));
        CHECK(relative_error(a, 100000) <= kThreeSigma);
    }
    SUBCASE("overlapping dense states, either way round") {
        ApproxDistinctAgg a = ints(0, 60000), b = ints(40000, 100000);
        ApproxDistinctAgg b_then_a = b;
        a.merge(b);
        b_then_a.merge(ints(0, 60000));
        const std::string all = encoded(ints(0, 100000));
        CHECK(encoded(a) == all);
        CHECK(encoded(b_then_a) == all);
    }
    SUBCASE("sparse into dense and dense into sparse") {
        ApproxDistinctAgg dense = ints(0, 5000), sparse = ints(4900, 5100);
        ApproxDistinctAgg sparse_first = sparse;
        dense.merge(sparse);
        sparse_first.merge(ints(0, 5000));
        const std::string all = encoded(ints(0, 5100));
        CHECK(encoded(dense) == all);
        CHECK(encoded(sparse_first) == all);
    }
    SUBCASE("an empty side changes nothing") {
        ApproxDistinctAgg a = ints(0, 10), empty;
        a.merge(empty);
        CHECK(encoded(a) == encoded(ints(0, 10)));
        empty.merge(a);
        CHECK(encoded(empty) == encoded(a));
    }
}

TEST_CASE("approx_distinct encode/decode round trip") {
    for (int64_t n : {0, 1, 1024, 1025, 200000}) {
        const ApproxDistinctAgg agg = ints(0, n);
        const std::string bytes = encoded(agg);
        ApproxDistinctAgg back;
        ByteReader r(bytes);
        back.decode(r);
        CAPTURE(n);
        CHECK(r.complete());
        CHECK(encoded(back) == bytes);
        CHECK(written(back) == written(agg));
        CHECK(back.is_dense() == agg.is_dense());
    }
    // Sparse: 8 bytes a hash; dense: 6 bits a register.
    CHECK(encoded(ints(0, 1)).size() == 2 + 8);
    CHECK(encoded(ints(0, 1024)).size() == 1 + 2 + 1024 * 8);
    CHECK(encoded(ints(0, 1025)).size() == 1 + 16384 * 6 / 8);
}

TEST_CASE("approx_distinct refuses corrupted bytes") {
    auto fails = [](std::string_view bytes) {
        ApproxDistinctAgg agg;
        ByteReader r(bytes);
        agg.decode(r);
        return !r.complete();
    };
    for (int64_t n : {3, 2000}) {
        const std::string bytes = encoded(ints(0, n));
        for (size_t len = 0; len < bytes.size(); ++len) {
            CAPTURE(len);
            CHECK(fails(std::string_view(bytes).substr(0, len)));
        }
    }
    CHECK(fails(std::string("\x02", 1)));                                    // unknown tag
    CHECK(fails(std::string("\x00\x81\x08", 3) + std::string(1025 * 8, 1)));  // 1025 sparse hashes
    CHECK(fails(std::string("\x00\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 10)));  // absurd count
    {
        // Hashes out of order.
        std::string bytes("\x00\x02", 2);
        ByteWriter w(bytes);
        w.fixed64(9);
        w.fixed64(3);
        CHECK(fails(bytes));
    }
    {
        // A register above rank 51.
        std::string bytes = encoded(ints(0, 2000));
        bytes[1] = static_cast<char>(0xff);
        CHECK(fails(bytes));
    }
    // Random bytes never crash.
    std::mt19937_64 rng(5);
    for (int i = 0; i < 2000; ++i) {
        std::string junk(rng() % 64, '\0');
        for (char& ch : junk) ch = static_cast<char>(rng());
        if (i % 2) junk[0] = static_cast<char>(rng() % 2);
        ApproxDistinctAgg agg;
        ByteReader r(junk);
        agg.decode(r);
    }
}
