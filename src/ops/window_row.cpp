// Names are escaped once at construction, so rendering a row only appends texts and numbers.
#include "ops/window_row.hpp"

#include <algorithm>

#include "json/json_escape.hpp"
#include "json/number_format.hpp"
#include "time/time_output.hpp"

namespace eddy {

WindowRowWriter::WindowRowWriter(const std::vector<std::string>& key_names, const std::vector<AggSpec>& aggregates,
                                 const AggLayout& layout, OutputTimeFormat time_format, bool with_revisions)
    : agg_cells_(layout.cell_of), time_format_(time_format), with_revisions_(with_revisions) {
    for (const std::string& name : key_names) {
        std::string prefix;
        append_json_string(prefix, name);
        prefix.push_back(':');
        key_prefixes_.push_back(std::move(prefix));
    }
    for (const AggSpec& a : aggregates) {
        std::string prefix = ",";
        append_json_string(prefix, a.name);
        prefix.push_back(':');
        agg_prefixes_.push_back(std::move(prefix));
        agg_params_.push_back(AggParams{a.quantile, a.limit});
    }
}

void WindowRowWriter::render(std::string& o, const KeyTable& keys, KeyId key, EventTime start, EventTime end,
                             const AggState* states, uint32_t revision, AggCounters& counters) const {
    o.push_back('{');
    const size_t n_keys = std::min(key_prefixes_.size(), keys.component_count(key));
    for (size_t i = 0; i < n_keys; ++i) {
        o.append(key_prefixes_[i]);
        o.append(keys.component(key, i));
        o.push_back(',');
    }
    o.append("\"window_start\":");
    append_time_bound(o, start, time_format_);
    o.append(",\"window_end\":");
    append_time_bound(o, end, time_format_);
    for (size_t i = 0; i < agg_prefixes_.size(); ++i) {
        o.append(agg_prefixes_[i]);
        agg_write(states[agg_cells_[i]], agg_params_[i], o, counters);
    }
    if (with_revisions_) {
        o.append(",\"revision\":");
        append_int(o, revision);
    }
    o.push_back('}');
}

}  // namespace eddy
