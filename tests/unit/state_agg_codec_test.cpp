// Every aggregate's state survives encode/decode byte for byte (what it prints, what it
// merges into), and truncated or unknown bytes make the reader fail instead of guessing.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "agg/aggregate.hpp"
#include "agg_test_values.hpp"
#include "state/byte_codec.hpp"

using namespace eddy;
using namespace eddy::test_values;

namespace {
AggCounters counters;

std::string printed(const AggState& s) {
    std::string out;
    agg_write(s, {}, out, counters);
    return out;
}

std::string encoded(const AggState& s) {
    std::string out;
    ByteWriter w(out);
    agg_encode(s, w);
    return out;
}

AggState filled(AggKind kind, const std::vector<FieldValue>& values) {
    AggState s = make_agg_state(kind);
    uint64_t seq = 0;
    for (const FieldValue& v : values) {
        ++seq;
        agg_add(s, v, EventTime(static_cast<int64_t>(1000 - seq)), ArrivalSeq(seq), counters);
    }
    return s;
}

// Decodes what `s` encoded; checks it prints the same, re-encodes to the same bytes and
// that every strict prefix of the bytes is refused.
void round_trip(AggKind kind, const AggState& s) {
    const std::string bytes = encoded(s);
    ByteReader r(bytes);
    const AggState back = agg_decode(kind, {}, r);
    CHECK(r.complete());
    CHECK(printed(back) == printed(s));
    CHECK(encoded(back) == bytes);
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
        ByteReader partial(std::string_view(bytes).substr(0, cut));
        (void)agg_decode(kind, {}, partial);
        CHECK_MESSAGE(!partial.complete(), "a prefix of " << cut << " bytes was accepted");
    }
}
}  // namespace

TEST_CASE("aggregate codec: every kind, empty and filled, round-trips") {
    const std::vector<FieldValue> values = {integer(5, "5"), floating(2.5, "2.5"), string("x", "\"x\""),
                                            null(), big_integer(1e20, "100000000000000000000"), integer(-7, "-7")};
    for (AggKind kind : {AggKind::count, AggKind::sum, AggKind::min, AggKind::max, AggKind::avg, AggKind::first,
                         AggKind::last, AggKind::count_distinct}) {
        CAPTURE(agg_kind_name(kind));
        round_trip(kind, make_agg_state(kind));
        round_trip(kind, filled(kind, values));
        round_trip(kind, filled(kind, {integer(INT64_MAX, "9223372036854775807"), integer(1, "1")}));  // a sum gone float
    }
}

TEST_CASE("aggregate codec: a decoded state merges like the original (ties by arrival kept)") {
    const AggState a = filled(AggKind::min, {integer(3, "3"), floating(3.0, "3.0")});
    const std::string bytes = encoded(a);
    ByteReader r(bytes);
    AggState back = agg_decode(AggKind::min, {}, r);
    AggState newer = filled(AggKind::min, {integer(3, "3")});
    agg_merge(back, newer);
    CHECK(printed(back) == "3");
}

TEST_CASE("aggregate codec: an unknown min/max kind tag is refused") {
    std::string bytes = encoded(filled(AggKind::max, {integer(1, "1")}));
    bytes[0] = 9;
    ByteReader r(bytes);
    (void)agg_decode(AggKind::max, {}, r);
    CHECK(r.failed());
}

TEST_CASE("byte codec: varints, zigzag, ordered keys") {
    std::string out;
    ByteWriter w(out);
    w.varint(0);
    w.varint(300);
    w.svarint(-1);
    w.svarint(INT64_MIN);
    w.ordered_i64(-5);
    w.ordered_i64(5);
    w.bytes("abc");
    ByteReader r(out);
    CHECK(r.varint() == 0);
    CHECK(r.varint() == 300);
    CHECK(r.svarint() == -1);
    CHECK(r.svarint() == INT64_MIN);
    CHECK(r.ordered_i64() == -5);
    CHECK(r.ordered_i64() == 5);
    CHECK(r.bytes() == "abc");
    CHECK(r.complete());
    // Ordered keys sort as numbers, bytewise.
    std::string a, b;
    ByteWriter(a).ordered_i64(-1);
    ByteWriter(b).ordered_i64(0);
    CHECK(a < b);
    std::string overlong(11, '\xff');
    ByteReader bad(overlong);
    (void)bad.varint();
    CHECK(bad.failed());
}
