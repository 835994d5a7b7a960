// The parsed `where` of a filter stage: a small tree of nodes in one vector, plain data that
// the plan holds; ops/filter compiles it against a field plan (docs/filter-select.md).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "config/plan_types.hpp"
#include "json/field_value.hpp"

namespace eddy {

enum class ExprOp : uint8_t {
    any,      // a || b
    all,      // a && b
    negate,   // !a
    eq, ne, lt, le, gt, ge,  // a OP b
    in_list,  // a in [literals]: `items`
    regex,    // a =~ "re" / matches(a, "re"): `regex`
    exists,   // exists(path)
    truthy,   // a bare operand: true only for JSON true
    path,     // an operand read from the record
    literal,  // a number, string, true, false or null
};

// A literal as the evaluator reads it: the same fields a FieldValue would hold.
struct ExprLiteral {
    JsonKind kind = JsonKind::null;
    bool boolean = false;
    int64_t integer = 0;
    bool integer_fits = true;
    double number = 0;
    std::string string;  // unescaped
};

struct ExprNode {
    ExprOp op = ExprOp::literal;
    uint32_t a = 0, b = 0;           // children, as indices into Expression::nodes
    FieldPath path;                  // path, exists
    ExprLiteral literal;             // literal
    std::vector<ExprLiteral> items;  // in_list
    std::string regex;               // regex: the pattern as written between the quotes
};

struct Expression {
    std::string text;  // as written
    std::vector<ExprNode> nodes;
    uint32_t root = 0;
};

}  // namespace eddy
