// Builds the cell layout once per window stage; the stages index cells, the row writer
// reads each aggregate from its cell with the aggregate's own parameters.
#include "agg/agg_layout.hpp"

namespace eddy {

AggLayout AggLayout::of(const std::vector<AggSpec>& aggregates) {
    AggLayout layout;
    for (const AggSpec& a : aggregates) {
        if (a.kind == AggKind::quantile) {
            bool shared = false;
            for (size_t c = 0; c < layout.cells.size() && !shared; ++c) {
                if (layout.cells[c].kind == AggKind::quantile && layout.cells[c].field == a.field) {
                    layout.cell_of.push_back(c);
                    shared = true;
                }
            }
            if (shared) continue;
        }
        layout.cell_of.push_back(layout.cells.size());
        layout.cells.push_back({a.kind, a.field, AggParams{a.quantile, a.limit}});
    }
    return layout;
}

}  // namespace eddy
