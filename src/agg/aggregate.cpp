// Construction and merging of aggregate states; add and write are inline in the header
// because they run per event / per row.
#include "agg/aggregate.hpp"

#include <string>

#include "core/error.hpp"

namespace eddy {

AggState make_agg_state(AggKind kind, const AggParams& params) {
    switch (kind) {
        case AggKind::count: return CountAgg{};
        case AggKind::sum: return SumAgg{};
        case AggKind::min: return MinAgg{};
        case AggKind::max: return MaxAgg{};
        case AggKind::avg: return AvgAgg{};
        case AggKind::first: return FirstAgg{};
        case AggKind::last: return LastAgg{};
        case AggKind::count_distinct: return CountDistinctAgg{};
        case AggKind::approx_distinct: return ApproxDistinctAgg{};
        case AggKind::quantile: return QuantileAgg{};
        case AggKind::top_k: return TopKAgg{};
        case AggKind::collect: return CollectAgg{params.limit};
    }
    throw EddyError(ExitCode::internal, "internal error: unknown aggregate kind (please report)");
}

AggState agg_decode(AggKind kind, const AggParams& params, ByteReader& r) {
    AggState state = make_agg_state(kind, params);
    std::visit([&](auto& s) { s.decode(r); }, state);
    return state;
}

void agg_merge(AggState& older, const AggState& newer) {
    if (older.index() != newer.index())
        throw EddyError(ExitCode::internal, "internal error: merging aggregate states of different kinds (please report)");
    std::visit(
        [&](auto& s) {
            using State = std::decay_t<decltype(s)>;
            s.merge(std::get<State>(newer));
        },
        older);
}

}  // namespace eddy
