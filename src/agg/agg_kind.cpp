// Names and arities of the aggregate functions (SPEC §2), one table for all
// so that the config loader's "did you mean" and `eddy check` see the same list.
#include "agg/agg_kind.hpp"

#include <array>

namespace eddy {

namespace {
struct AggKindInfo {
    AggKind kind;
    std::string_view name;
    int arity;
};

constexpr std::array<AggKindInfo, 12> kAggKinds{{
    {AggKind::count, "count", 0},
    {AggKind::sum, "sum", 1},
    {AggKind::min, "min", 1},
    {AggKind::max, "max", 1},
    {AggKind::avg, "avg", 1},
    {AggKind::first, "first", 1},
    {AggKind::last, "last", 1},
    {AggKind::count_distinct, "count_distinct", 1},
    {AggKind::approx_distinct, "approx_distinct", 1},
    {AggKind::quantile, "quantile", 2},
    {AggKind::top_k, "top_k", 2},
    {AggKind::collect, "collect", 2},
}};

const AggKindInfo& info(AggKind kind) { return kAggKinds[static_cast<size_t>(kind)]; }
}  // namespace

std::optional<AggKind> agg_kind_from_name(std::string_view name) {
    for (const auto& k : kAggKinds)
        if (k.name == name) return k.kind;
    return std::nullopt;
}

std::string_view agg_kind_name(AggKind kind) { return info(kind).name; }
int agg_kind_arity(AggKind kind) { return info(kind).arity; }

// The table is indexed by the enum's value; keep both in the same order.
static_assert([] {
    for (size_t i = 0; i < kAggKinds.size(); ++i)
        if (static_cast<size_t>(kAggKinds[i].kind) != i) return false;
    return true;
}());

}  // namespace eddy
