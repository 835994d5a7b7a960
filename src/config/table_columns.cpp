// A window row's members are known from the plan (SPEC §4); pass-through stages keep the
// input's own shape, which varies line by line, so they cannot make a table.
#include "config/table_columns.hpp"

#include <algorithm>

namespace eddy {

Result<std::vector<std::string>> table_columns(const Plan& plan) {
    const Error no_shape{
        "csv and tsv output need rows of a fixed shape: the last stage must be a window or a select"};
    if (plan.stages.empty()) return no_shape;
    const StageSpec& last = plan.stages.back();
    std::vector<std::string> columns;
    if (last.op == StageOp::select) {
        for (const SelectField& f : last.select.fields) {
            // A list keeps paths nested: its columns are the top-level members, in first appearance.
            const std::string name = last.select.nested && !f.path.steps.empty() ? f.path.steps.front() : f.name;
            if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
        }
        return columns;
    }
    if (last.op != StageOp::window) return no_shape;
    // The key in force: the last key_by before the window (keys carry across windows).
    for (auto it = plan.stages.rbegin(); it != plan.stages.rend(); ++it) {
        if (it->op != StageOp::key_by) continue;
        for (const FieldPath& f : it->key_by.fields) columns.push_back(f.text);
        break;
    }
    columns.push_back("window_start");
    columns.push_back("window_end");
    for (const AggSpec& a : last.window.aggregates) columns.push_back(a.name);
    if (plan.watermark.allowed_lateness > Duration::zero()) columns.push_back("revision");
    return columns;
}

}  // namespace eddy
