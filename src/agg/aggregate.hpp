// One aggregate slot of a window: a variant over the per-function states (one file each)
// with add / merge / write dispatched by std::visit, no virtual calls on the hot path.
#pragma once
#include <cstdint>
#include <string>
#include <variant>

#include "agg/agg_kind.hpp"
#include "agg/avg.hpp"
#include "agg/count.hpp"
#include "agg/count_distinct.hpp"
#include "agg/first_last.hpp"
#include "agg/min_max.hpp"
#include "agg/sum.hpp"
#include "core/time_types.hpp"
#include "json/field_value.hpp"

namespace eddy {

// What aggregates saw that the run reports (--stats): values of the wrong type ignored
// (SPEC §8 rule 16) and NaN/Inf results printed as null (rule 31).
struct AggCounters {
    uint64_t wrong_type = 0;
    uint64_t non_finite = 0;
};

using AggState = std::variant<CountAgg, SumAgg, MinAgg, MaxAgg, AvgAgg, FirstAgg, LastAgg, CountDistinctAgg>;

// A fresh, empty state. Throws EddyError(internal) for a kind this build does not compute
// (agg_kind_supported is false): the plan loader must have rejected it.
AggState make_agg_state(AggKind kind);

// Adds one event's value (count() ignores v). t and seq order first/last and break min/max ties.
inline void agg_add(AggState& state, const FieldValue& v, EventTime t, ArrivalSeq seq, AggCounters& counters) {
    std::visit([&](auto& s) { s.add(v, t, seq, counters); }, state);
}

// Folds a later session's state into an older one's (session merges). Both must be of one kind.
void agg_merge(AggState& older, const AggState& newer);

// The state's bytes for the state store (its kind is known from the plan, not stored).
inline void agg_encode(const AggState& state, ByteWriter& w) {
    std::visit([&](const auto& s) { s.encode(w); }, state);
}
// A state of `kind` from its bytes; the reader fails on bytes it cannot read.
AggState agg_decode(AggKind kind, ByteReader& r);

// Appends the aggregate's JSON value.
inline void agg_write(const AggState& state, std::string& out, AggCounters& counters) {
    std::visit([&](const auto& s) { s.write(out, counters); }, state);
}

}  // namespace eddy
