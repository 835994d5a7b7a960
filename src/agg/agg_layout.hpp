// How a window stage's aggregates map onto state cells: one cell per aggregate, except that
// the quantiles of one field share a cell (one sketch answers every q).
#pragma once
#include <optional>
#include <vector>

#include "agg/aggregate.hpp"
#include "config/plan.hpp"

namespace eddy {

struct AggCell {
    AggKind kind = AggKind::count;
    std::optional<FieldPath> field;
    AggParams params;  // what the state needs when it is made (collect's limit)
};

struct AggLayout {
    std::vector<AggCell> cells;
    std::vector<size_t> cell_of;  // per aggregate, in declared order

    static AggLayout of(const std::vector<AggSpec>& aggregates);
    AggState make(size_t cell) const { return make_agg_state(cells[cell].kind, cells[cell].params); }
    AggState decode(size_t cell, ByteReader& r) const { return agg_decode(cells[cell].kind, cells[cell].params, r); }
};

}  // namespace eddy
