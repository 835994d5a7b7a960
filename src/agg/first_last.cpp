// first/last ordering. An equal (time, arrival) pair means the caller reused a sequence
// number: last still takes the newer value, first keeps the older one.
#include "agg/first_last.hpp"

#include "agg/aggregate.hpp"

namespace eddy {

template <bool kLast>
bool FirstLastAgg<kLast>::replaces(EventTime t, ArrivalSeq at) const {
    if (!has) return true;
    if (t != time) return kLast ? t > time : t < time;
    return kLast ? at >= seq : at < seq;
}

template <bool kLast>
void FirstLastAgg<kLast>::add(const FieldValue& v, EventTime t, ArrivalSeq at, AggCounters&) {
    if (v.is_missing_or_null() || !replaces(t, at)) return;
    has = true;
    time = t;
    seq = at;
    text.assign(v.canonical);
}

template <bool kLast>
void FirstLastAgg<kLast>::merge(const FirstLastAgg& newer) {
    if (!newer.has || !replaces(newer.time, newer.seq)) return;
    has = true;
    time = newer.time;
    seq = newer.seq;
    text.assign(newer.text);
}

template <bool kLast>
void FirstLastAgg<kLast>::write(std::string& out, AggCounters&) const {
    out.append(has ? std::string_view(text) : std::string_view("null"));
}

template <bool kLast>
void FirstLastAgg<kLast>::encode(ByteWriter& w) const {
    w.u8(has ? 1 : 0);
    if (!has) return;
    w.svarint(time.ns());
    w.varint(seq.value());
    w.bytes(text);
}

template <bool kLast>
void FirstLastAgg<kLast>::decode(ByteReader& r) {
    has = r.u8() != 0;
    if (!has) return;
    time = EventTime(r.svarint());
    seq = ArrivalSeq(r.varint());
    text.assign(r.bytes());
}

template struct FirstLastAgg<false>;
template struct FirstLastAgg<true>;

}  // namespace eddy
