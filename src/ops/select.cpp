// select's output shape is built once from the paths; per event it only copies value texts
// into a reused buffer, dropping objects whose selected members are all missing.
#include "ops/select.hpp"

#include "json/json_escape.hpp"

namespace eddy {

namespace {
std::string member_prefix(std::string_view name) {
    std::string p;
    append_json_string(p, name);
    p.push_back(':');
    return p;
}
}  // namespace

SelectStage::SelectStage(const SelectSpec& spec, FieldPlan& plan) {
    for (const SelectField& f : spec.fields) {
        const FieldSlot slot = plan.add(f.path, false);
        if (!spec.nested) {
            members_.push_back({member_prefix(f.name), true, slot, {}});
            continue;
        }
        // Walk (or make) the object members for every step but the last.
        std::vector<Member>* level = &members_;
        for (size_t i = 0; i + 1 < f.path.steps.size(); ++i) {
            const std::string prefix = member_prefix(f.path.steps[i]);
            Member* found = nullptr;
            for (Member& m : *level)
                if (!m.leaf && m.prefix == prefix) found = &m;
            if (!found) {
                level->push_back({prefix, false, FieldSlot(), {}});
                found = &level->back();
            }
            level = &found->children;
        }
        level->push_back({member_prefix(f.path.steps.empty() ? std::string() : f.path.steps.back()), true, slot, {}});
    }
    row_.reserve(256);
}

void SelectStage::append_value(std::string& out, const FieldValue& v) {
    switch (v.kind) {
        case JsonKind::null: out.append("null"); break;
        case JsonKind::boolean: out.append(v.boolean ? "true" : "false"); break;
        default: out.append(v.raw); break;
    }
}

bool SelectStage::render_members(const std::vector<Member>& members, const FieldValue* fields) {
    bool any = false;
    for (const Member& m : members) {
        const size_t mark = row_.size();
        if (any) row_.push_back(',');
        row_.append(m.prefix);
        if (m.leaf) {
            const FieldValue& v = fields[m.slot.index()];
            if (v.kind == JsonKind::missing) {
                row_.resize(mark);
                continue;
            }
            append_value(row_, v);
        } else {
            row_.push_back('{');
            if (!render_members(m.children, fields)) {
                row_.resize(mark);
                continue;
            }
            row_.push_back('}');
        }
        any = true;
    }
    return any;
}

void SelectStage::on_event(const Event& e, StageOutput& out) {
    row_.clear();
    row_.push_back('{');
    render_members(members_, e.fields);
    row_.push_back('}');
    out.emit_row(row_, e.time, e.seq, e.key);
}

}  // namespace eddy
