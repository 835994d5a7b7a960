// avg(f) output: the division happens only when the row is written, so merges and
// revisions never compound rounding of intermediate averages.
#include "agg/avg.hpp"

#include "agg/aggregate.hpp"
#include "json/number_format.hpp"

namespace eddy {

void AvgAgg::write(std::string& out, AggCounters& counters) const {
    if (sum.count == 0) {
        out.append("null");
        return;
    }
    if (!append_double(out, sum.as_double() / static_cast<double>(sum.count))) ++counters.non_finite;
}

}  // namespace eddy
