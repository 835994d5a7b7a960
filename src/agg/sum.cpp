// sum(f) and the numeric reading of a FieldValue. Overflow is caught with the compiler's
// checked add so that an exact integer sum degrades to a double only when it must.
#include "agg/sum.hpp"

#include "agg/aggregate.hpp"
#include "json/number_format.hpp"

namespace eddy {

NumberInput read_number(const FieldValue& v) {
    NumberInput n;
    switch (v.kind) {
        case JsonKind::missing:
        case JsonKind::null:
            n.kind = NumberInput::Kind::none;
            break;
        case JsonKind::integer:
            if (v.integer_fits) {
                n.kind = NumberInput::Kind::integer;
                n.integer = v.integer;
            } else {
                n.kind = NumberInput::Kind::wide;
                n.number = v.number;
                n.text = v.canonical;
            }
            break;
        case JsonKind::big_integer:
            n.kind = NumberInput::Kind::wide;
            n.number = v.number;
            n.text = v.canonical;
            break;
        case JsonKind::floating:
            n.kind = NumberInput::Kind::floating;
            n.number = v.number;
            break;
        default:
            n.kind = NumberInput::Kind::wrong;
            break;
    }
    return n;
}

void SumAgg::add(const FieldValue& v, EventTime, ArrivalSeq, AggCounters& counters) {
    const NumberInput n = read_number(v);
    switch (n.kind) {
        case NumberInput::Kind::none: return;
        case NumberInput::Kind::wrong: ++counters.wrong_type; return;
        case NumberInput::Kind::integer: add_integer(n.integer); return;
        case NumberInput::Kind::floating:
        case NumberInput::Kind::wide: add_double(n.number); return;
    }
}

void SumAgg::add_integer(int64_t x) {
    ++count;
    if (!floating) {
        int64_t r = 0;
        if (!__builtin_add_overflow(int_sum, x, &r)) {
            int_sum = r;
            return;
        }
        floating = true;
        float_sum = static_cast<double>(int_sum);
    }
    float_sum += static_cast<double>(x);
}

void SumAgg::add_double(double x) {
    if (count == 0) {
        // The first value is the sum as it is (keeps -0.0 rather than 0 + -0.0 = 0.0).
        float_sum = x;
    } else if (!floating) {
        float_sum = static_cast<double>(int_sum) + x;
    } else {
        float_sum += x;
    }
    floating = true;
    ++count;
}

void SumAgg::merge(const SumAgg& newer) {
    if (newer.count == 0) return;
    if (count == 0) {
        *this = newer;
        return;
    }
    count += newer.count;
    if (!floating && !newer.floating) {
        int64_t r = 0;
        if (!__builtin_add_overflow(int_sum, newer.int_sum, &r)) {
            int_sum = r;
            return;
        }
    }
    // SPEC §8 rule 17: the older session's partial sum first.
    float_sum = as_double() + newer.as_double();
    floating = true;
}

void SumAgg::write(std::string& out, AggCounters& counters) const {
    if (count == 0) {
        out.append("null");
    } else if (!floating) {
        append_int(out, int_sum);
    } else if (!append_double(out, float_sum)) {
        ++counters.non_finite;
    }
}

void SumAgg::encode(ByteWriter& w) const {
    w.varint(count);
    w.u8(floating ? 1 : 0);
    if (floating) w.f64(float_sum);
    else w.svarint(int_sum);
}

void SumAgg::decode(ByteReader& r) {
    count = r.varint();
    floating = r.u8() != 0;
    if (floating) float_sum = r.f64();
    else int_sum = r.svarint();
}

}  // namespace eddy
