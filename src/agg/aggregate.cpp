// Construction and merging of aggregate states; add and write are inline in the header
// because they run per event / per row.
#include "agg/aggregate.hpp"

#include <string>

#include "core/error.hpp"

namespace eddy {

AggState make_agg_state(AggKind kind) {
    switch (kind) {
        case AggKind::count: return CountAgg{};
        case AggKind::sum: return SumAgg{};
        case AggKind::min: return MinAgg{};
        case AggKind::max: return MaxAgg{};
        case AggKind::avg: return AvgAgg{};
        case AggKind::first: return FirstAgg{};
        case AggKind::last: return LastAgg{};
        case AggKind::count_distinct: return CountDistinctAgg{};
        default: break;
    }
    throw EddyError(ExitCode::internal, "internal error: aggregate '" + std::string(agg_kind_name(kind)) +
                                            "' is not available in this build (please report)");
}

AggState agg_decode(AggKind kind, ByteReader& r) {
    AggState state = make_agg_state(kind);
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
