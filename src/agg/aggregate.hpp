// One aggregate slot of a window: a variant over the per-function states (one file each)
// with add / merge / write dispatched by std::visit, no virtual calls on the hot path.
#pragma once
#include <cstdint>
#include <string>
#include <variant>

#include "agg/agg_counters.hpp"
#include "agg/agg_kind.hpp"
#include "agg/agg_params.hpp"
#include "agg/approx_distinct.hpp"
#include "agg/collect.hpp"
#include "agg/avg.hpp"
#include "agg/count.hpp"
#include "agg/count_distinct.hpp"
#include "agg/first_last.hpp"
#include "agg/min_max.hpp"
#include "agg/quantile.hpp"
#include "agg/sum.hpp"
#include "agg/top_k.hpp"
#include "core/time_types.hpp"
#include "json/field_value.hpp"

namespace eddy {

using AggState = std::variant<CountAgg, SumAgg, MinAgg, MaxAgg, AvgAgg, FirstAgg, LastAgg, CountDistinctAgg,
                              ApproxDistinctAgg, QuantileAgg, TopKAgg, CollectAgg>;

// A fresh, empty state (`params`: collect's limit).
AggState make_agg_state(AggKind kind, const AggParams& params = {});

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
AggState agg_decode(AggKind kind, const AggParams& params, ByteReader& r);

// Appends the aggregate's JSON value; `params` are the aggregate's own (a shared quantile
// cell answers each aggregate's q).
inline void agg_write(const AggState& state, const AggParams& params, std::string& out, AggCounters& counters) {
    std::visit(
        [&](const auto& s) {
            if constexpr (requires { s.write(out, params, counters); }) s.write(out, params, counters);
            else s.write(out, counters);
        },
        state);
}

}  // namespace eddy
