// Comparison rules of docs/filter-select.md: missing reads as null for ==, ordering only
// between two numbers or two strings, numbers by value, containers by canonical text.
#include "expr/filter_program.hpp"

namespace eddy {

namespace {

double as_double(const FieldValue& v) {
    return v.kind == JsonKind::integer && v.integer_fits ? static_cast<double>(v.integer) : v.number;
}

int compare_numbers(const FieldValue& a, const FieldValue& b) {
    if (a.kind == JsonKind::integer && a.integer_fits && b.kind == JsonKind::integer && b.integer_fits)
        return a.integer < b.integer ? -1 : a.integer > b.integer ? 1 : 0;
    const double x = as_double(a), y = as_double(b);
    return x < y ? -1 : x > y ? 1 : 0;
}

}  // namespace

bool filter_values_equal(const FieldValue& a, const FieldValue& b) {
    const bool a_null = a.is_missing_or_null(), b_null = b.is_missing_or_null();
    if (a_null || b_null) return a_null && b_null;
    if (a.is_number() && b.is_number()) return compare_numbers(a, b) == 0;
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case JsonKind::boolean: return a.boolean == b.boolean;
        case JsonKind::string: return a.string == b.string;
        case JsonKind::array:
        case JsonKind::object: return a.canonical == b.canonical;
        default: return false;
    }
}

std::optional<int> filter_values_order(const FieldValue& a, const FieldValue& b) {
    if (a.is_number() && b.is_number()) return compare_numbers(a, b);
    if (a.kind == JsonKind::string && b.kind == JsonKind::string) {
        const int c = a.string.compare(b.string);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    return std::nullopt;
}

FilterProgram::FilterProgram(const Expression& expr, FieldPlan& plan) {
    auto add_literal = [&](const ExprLiteral& lit) {
        FieldValue v;
        v.kind = lit.kind;
        v.boolean = lit.boolean;
        v.integer = lit.integer;
        v.integer_fits = lit.integer_fits;
        v.number = lit.number;
        if (lit.kind == JsonKind::string) {
            strings_.push_back(std::make_unique<std::string>(lit.string));
            v.string = *strings_.back();
        }
        literals_.push_back(v);
        return static_cast<uint32_t>(literals_.size() - 1);
    };
    // Containers compare by canonical text, which only a path-to-path equality can need.
    auto needs_canonical = [&](uint32_t i) {
        for (const ExprNode& n : expr.nodes) {
            if ((n.op == ExprOp::eq || n.op == ExprOp::ne) && (n.a == i || n.b == i) &&
                expr.nodes[n.a].op == ExprOp::path && expr.nodes[n.b].op == ExprOp::path)
                return true;
        }
        return false;
    };
    nodes_.reserve(expr.nodes.size());
    for (uint32_t i = 0; i < expr.nodes.size(); ++i) {
        const ExprNode& e = expr.nodes[i];
        Node n{e.op, e.a, e.b};
        switch (e.op) {
            case ExprOp::path: n.slot = plan.add(e.path, needs_canonical(i)); break;
            case ExprOp::exists: n.slot = plan.add(e.path, false); break;
            case ExprOp::literal: n.first = add_literal(e.literal); break;
            case ExprOp::in_list:
                n.first = static_cast<uint32_t>(literals_.size());
                n.count = static_cast<uint32_t>(e.items.size());
                for (const ExprLiteral& lit : e.items) add_literal(lit);
                break;
            case ExprOp::regex: {
                RE2::Options options;
                options.set_log_errors(false);
                regexes_.push_back(std::make_unique<RE2>(e.regex, options));
                n.regex = regexes_.back().get();
                break;
            }
            default: break;
        }
        nodes_.push_back(n);
    }
    root_ = expr.root;
    true_.kind = false_.kind = JsonKind::boolean;
    true_.boolean = true;
    true_.raw = true_.canonical = "true";
    false_.raw = false_.canonical = "false";
}

bool FilterProgram::eval(uint32_t i, const FieldValue* fields) const {
    const Node& n = nodes_[i];
    switch (n.op) {
        case ExprOp::any: return eval(n.a, fields) || eval(n.b, fields);
        case ExprOp::all: return eval(n.a, fields) && eval(n.b, fields);
        case ExprOp::negate: return !eval(n.a, fields);
        case ExprOp::eq: return filter_values_equal(value(n.a, fields), value(n.b, fields));
        case ExprOp::ne: return !filter_values_equal(value(n.a, fields), value(n.b, fields));
        case ExprOp::lt:
        case ExprOp::le:
        case ExprOp::gt:
        case ExprOp::ge: {
            const std::optional<int> c = filter_values_order(value(n.a, fields), value(n.b, fields));
            if (!c) return false;
            if (n.op == ExprOp::lt) return *c < 0;
            if (n.op == ExprOp::le) return *c <= 0;
            if (n.op == ExprOp::gt) return *c > 0;
            return *c >= 0;
        }
        case ExprOp::in_list: {
            const FieldValue& v = value(n.a, fields);
            for (uint32_t k = 0; k < n.count; ++k)
                if (filter_values_equal(v, literals_[n.first + k])) return true;
            return false;
        }
        case ExprOp::regex: {
            const FieldValue& v = value(n.a, fields);
            if (v.kind != JsonKind::string) return false;
            return RE2::PartialMatch(re2::StringPiece(v.string.data(), v.string.size()), *n.regex);
        }
        case ExprOp::exists: return fields[n.slot.index()].kind != JsonKind::missing;
        case ExprOp::truthy: {
            const FieldValue& v = value(n.a, fields);
            return v.kind == JsonKind::boolean && v.boolean;
        }
        case ExprOp::path:
        case ExprOp::literal: break;
    }
    return false;
}

}  // namespace eddy
