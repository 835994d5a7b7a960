// Builds the path trie of a FieldPlan; equal paths share one slot so a value is
// extracted once however many stages read it.
#include "json/field_plan.hpp"

#include "core/error.hpp"

namespace eddy {

FieldPlan::FieldPlan() { nodes_.emplace_back(); }

FieldSlot FieldPlan::add(const FieldPath& path, bool canonical) {
    uint32_t at = 0;
    for (const std::string& step : path.steps) {
        const Node* found = nodes_[at].child(step, nodes_);
        if (path.pointer) nodes_[at].children_index_arrays = true;
        if (found) {
            at = static_cast<uint32_t>(found - nodes_.data());
        } else {
            nodes_.emplace_back();
            uint32_t idx = static_cast<uint32_t>(nodes_.size() - 1);
            nodes_[at].children.emplace_back(step, idx);
            at = idx;
        }
    }
    if (nodes_[at].slot < 0) {
        if (slot_count_ >= max_slots)
            throw EddyError(ExitCode::config, "the pipeline reads more than 4096 distinct fields");
        nodes_[at].slot = static_cast<int>(slot_count_++);
    }
    nodes_[at].canonical = nodes_[at].canonical || canonical;
    return FieldSlot(static_cast<uint16_t>(nodes_[at].slot));
}

}  // namespace eddy
