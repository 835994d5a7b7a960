// select: replaces each record by a new compact object of the chosen fields, each value copied
// as its original JSON text; the event keeps its time and key (docs/filter-select.md).
#pragma once
#include <string>
#include <vector>

#include "config/plan.hpp"
#include "json/field_plan.hpp"
#include "ops/stage.hpp"

namespace eddy {

class SelectStage final : public Stage {
public:
    // Adds the selected paths to `plan`.
    SelectStage(const SelectSpec& spec, FieldPlan& plan);
    void on_event(const Event& e, StageOutput& out) override;
    void on_watermark(Watermark w, StageOutput& out) override { out.emit_watermark(w); }

private:
    // One member of the output: a selected value (slot) or an object grouping paths that
    // share their first steps.
    struct Member {
        std::string prefix;  // `"name":`, rendered once
        bool leaf = false;
        FieldSlot slot;
        std::vector<Member> children;
    };
    // Appends the members of `m` that exist; false when none did.
    bool render_members(const std::vector<Member>& members, const FieldValue* fields);
    static void append_value(std::string& out, const FieldValue& v);

    std::vector<Member> members_;
    std::string row_;  // reused: no allocation per event once it has grown
};

}  // namespace eddy
