// A window row's bytes (SPEC §4): key fields under their key_by names, window_start,
// window_end, the aggregates in declared order, then revision when lateness is allowed.
#pragma once
#include <string>
#include <vector>

#include "agg/agg_layout.hpp"
#include "config/plan.hpp"
#include "state/key_table.hpp"
#include "time/time_format.hpp"

namespace eddy {

class WindowRowWriter {
public:
    WindowRowWriter(const std::vector<std::string>& key_names, const std::vector<AggSpec>& aggregates,
                    const AggLayout& layout, OutputTimeFormat time_format, bool with_revisions);
    void render(std::string& out, const KeyTable& keys, KeyId key, EventTime start, EventTime end,
                const AggState* states, uint32_t revision, AggCounters& counters) const;

private:
    std::vector<std::string> key_prefixes_;  // `"user":` pre-escaped
    std::vector<std::string> agg_prefixes_;  // `,"events":`
    std::vector<size_t> agg_cells_;          // per aggregate: its state cell
    std::vector<AggParams> agg_params_;      // per aggregate: its q or k
    OutputTimeFormat time_format_;
    bool with_revisions_;
};

}  // namespace eddy
