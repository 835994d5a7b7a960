// min/max comparisons and output. Integers beyond int64 are compared by their double value
// (their digits are kept only to print them as canonical JSON).
#include "agg/min_max.hpp"

#include <cmath>

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

namespace {
using Kind = NumberInput::Kind;

int compare_numbers(Kind ka, int64_t ia, double da, Kind kb, int64_t ib, double db) {
    const bool a_int = ka == Kind::integer;
    const bool b_int = kb == Kind::integer;
    if (a_int && b_int) return ia < ib ? -1 : ia > ib ? 1 : 0;
    if (a_int) return compare_int_double(ia, db);
    if (b_int) return -compare_int_double(ib, da);
    return da < db ? -1 : da > db ? 1 : 0;
}
}  // namespace

template <bool kMax>
bool ExtremeAgg<kMax>::replaces(Kind k, int64_t i, double d, ArrivalSeq at) const {
    if (kind == Kind::none) return true;
    const int c = compare_numbers(k, i, d, kind, integer, number);
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
    if (!replaces(n.kind, n.integer, n.number, at)) return;
    kind = n.kind;
    integer = n.integer;
    number = n.number;
    if (n.kind == Kind::wide) wide_text.assign(n.text);
    seq = at;
}

template <bool kMax>
void ExtremeAgg<kMax>::merge(const ExtremeAgg& newer) {
    if (newer.kind == Kind::none || !replaces(newer.kind, newer.integer, newer.number, newer.seq)) return;
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

template struct ExtremeAgg<false>;
template struct ExtremeAgg<true>;

}  // namespace eddy
