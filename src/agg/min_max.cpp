// min/max comparisons and output. Integers beyond int64 keep their digits and compare
// exactly, by their text (two of them may round to the same double).
#include "agg/min_max.hpp"

#include <cmath>
#include <cstdio>
#include <string_view>

#include "agg/aggregate.hpp"
#include "json/number_format.hpp"

namespace eddy {

int compare_int_double(int64_t i, double d) {
    constexpr double two63 = 9223372036854775808.0;
    if (std::isnan(d)) return 0;
    if (d >= two63) return -1;
    if (d < -two63) return 1;
    // d is in [-2^63, 2^63): its integral part fits int64 and its fraction is exact.
    const double whole = std::trunc(d);
    const auto wi = static_cast<int64_t>(whole);
    if (i != wi) return i < wi ? -1 : 1;
    const double frac = d - whole;
    return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

int compare_integer_texts(std::string_view a, std::string_view b) {
    const bool neg_a = !a.empty() && a[0] == '-', neg_b = !b.empty() && b[0] == '-';
    if (neg_a != neg_b) return neg_a ? -1 : 1;
    if (neg_a) {
        a.remove_prefix(1);
        b.remove_prefix(1);
    }
    int magnitude = a.size() != b.size() ? (a.size() < b.size() ? -1 : 1) : a.compare(b) < 0 ? -1 : a.compare(b) > 0;
    return neg_a ? -magnitude : magnitude;
}

namespace {
using Kind = NumberInput::Kind;

// A wide integer lies outside int64, so against an int64 its sign decides.
int compare_wide_int(std::string_view w) { return !w.empty() && w[0] == '-' ? -1 : 1; }

int compare_wide_double(std::string_view w, double d) {
    constexpr double two63 = 9223372036854775808.0;
    if (std::isnan(d)) return 0;
    if (d > -two63 && d < two63) return compare_wide_int(w);
    // |d| >= 2^63: d is an integer, and "%.0f" prints it exactly.
    char digits[400];
    std::snprintf(digits, sizeof digits, "%.0f", d);
    return compare_integer_texts(w, digits);
}

int compare_numbers(Kind ka, int64_t ia, double da, std::string_view ta, Kind kb, int64_t ib, double db,
                    std::string_view tb) {
    if (ka == Kind::wide || kb == Kind::wide) {
        if (ka == Kind::wide && kb == Kind::wide) return compare_integer_texts(ta, tb);
        if (ka == Kind::wide) return kb == Kind::integer ? compare_wide_int(ta) : compare_wide_double(ta, db);
        return ka == Kind::integer ? -compare_wide_int(tb) : -compare_wide_double(tb, da);
    }
    const bool a_int = ka == Kind::integer;
    const bool b_int = kb == Kind::integer;
    if (a_int && b_int) return ia < ib ? -1 : ia > ib ? 1 : 0;
    if (a_int) return compare_int_double(ia, db);
    if (b_int) return -compare_int_double(ib, da);
    return da < db ? -1 : da > db ? 1 : 0;
}
}  // namespace

template <bool kMax>
bool ExtremeAgg<kMax>::replaces(Kind k, int64_t i, double d, std::string_view text, ArrivalSeq at) const {
    if (kind == Kind::none) return true;
    const int c = compare_numbers(k, i, d, text, kind, integer, number, wide_text);
    if (c == 0) return at < seq;
    return kMax ? c > 0 : c < 0;
}

template <bool kMax>
void ExtremeAgg<kMax>::add(const FieldValue& v, EventTime, ArrivalSeq at, AggCounters& counters) {
    const NumberInput n = read_number(v);
    if (n.kind == Kind::none) return;
    if (n.kind == Kind::wrong) {
        ++counters.wrong_type;
        return;
    }
    if (!replaces(n.kind, n.integer, n.number, n.text, at)) return;
    kind = n.kind;
    integer = n.integer;
    number = n.number;
    if (n.kind == Kind::wide) wide_text.assign(n.text);
    seq = at;
}

template <bool kMax>
void ExtremeAgg<kMax>::merge(const ExtremeAgg& newer) {
    if (newer.kind == Kind::none || !replaces(newer.kind, newer.integer, newer.number, newer.wide_text, newer.seq)) return;
    kind = newer.kind;
    integer = newer.integer;
    number = newer.number;
    if (newer.kind == Kind::wide) wide_text.assign(newer.wide_text);
    seq = newer.seq;
}

template <bool kMax>
void ExtremeAgg<kMax>::write(std::string& out, AggCounters& counters) const {
    switch (kind) {
        case Kind::integer: append_int(out, integer); return;
        case Kind::floating:
            if (!append_double(out, number)) ++counters.non_finite;
            return;
        case Kind::wide: out.append(wide_text); return;
        default: out.append("null"); return;
    }
}

template <bool kMax>
void ExtremeAgg<kMax>::encode(ByteWriter& w) const {
    w.u8(static_cast<uint8_t>(kind));
    switch (kind) {
        case NumberInput::Kind::integer: w.svarint(integer); break;
        case NumberInput::Kind::floating: w.f64(number); break;
        case NumberInput::Kind::wide:
            w.f64(number);
            w.bytes(wide_text);
            break;
        default: break;
    }
    w.varint(seq.value());
}

template <bool kMax>
void ExtremeAgg<kMax>::decode(ByteReader& r) {
    kind = static_cast<NumberInput::Kind>(r.u8());
    switch (kind) {
        case NumberInput::Kind::none: break;
        case NumberInput::Kind::integer: integer = r.svarint(); break;
        case NumberInput::Kind::floating: number = r.f64(); break;
        case NumberInput::Kind::wide:
            number = r.f64();
            wide_text.assign(r.bytes());
            break;
        default:
            kind = NumberInput::Kind::none;
            r.invalidate();
            return;
    }
    seq = ArrivalSeq(r.varint());
}

template struct ExtremeAgg<false>;
template struct ExtremeAgg<true>;

}  // namespace eddy
