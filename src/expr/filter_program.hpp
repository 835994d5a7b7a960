// A filter's expression compiled against a segment's field plan: paths become slots, literals
// FieldValues, regexes RE2 objects; evaluation walks the nodes without allocating.
#pragma once
#include <memory>
#include <vector>

#include <re2/re2.h>

#include "expr/expression.hpp"
#include "json/field_plan.hpp"
#include "json/field_value.hpp"

namespace eddy {

// `a == b` and `a < b` as docs/filter-select.md defines them (also used by the tests).
bool filter_values_equal(const FieldValue& a, const FieldValue& b);
// -1, 0, 1; nullopt when the pair has no order (a missing or null side, mixed types, ...).
std::optional<int> filter_values_order(const FieldValue& a, const FieldValue& b);

class FilterProgram {
public:
    // Adds the expression's paths to `plan` (the plan must not be finished yet).
    FilterProgram(const Expression& expr, FieldPlan& plan);
    FilterProgram(FilterProgram&&) noexcept = default;

    bool matches(const FieldValue* fields) const { return eval(root_, fields); }

private:
    struct Node {
        ExprOp op;
        uint32_t a = 0, b = 0;
        FieldSlot slot;            // path, exists
        uint32_t first = 0, count = 0;  // literal: index into literals_; in_list: a range of it
        const RE2* regex = nullptr;
    };
    bool eval(uint32_t i, const FieldValue* fields) const;
    // An operand's value; a condition used as an operand (`exists(a) == false`) is a boolean.
    const FieldValue& value(uint32_t i, const FieldValue* fields) const {
        const Node& n = nodes_[i];
        if (n.op == ExprOp::path) return fields[n.slot.index()];
        if (n.op == ExprOp::literal) return literals_[n.first];
        return eval(i, fields) ? true_ : false_;
    }

    std::vector<Node> nodes_;
    std::vector<std::unique_ptr<std::string>> strings_;  // the literals' text, at fixed addresses
    std::vector<FieldValue> literals_;
    std::vector<std::unique_ptr<RE2>> regexes_;
    uint32_t root_ = 0;
    FieldValue true_, false_;
};

}  // namespace eddy
