// Aggregate definitions: "sum(bytes)" -> AggSpec, with the arity and argument checks that
// give each mistake its own message (SPEC §2 aggregate functions).
#include "config/aggregate_call.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "agg/agg_kind.hpp"
#include "config/field_path.hpp"
#include "config/name_suggestion.hpp"

namespace eddy {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string arity_message(std::string_view function, int arity) {
    if (arity == 0) return in_quotes(function) + " takes no argument";
    if (arity == 1) return in_quotes(function) + " takes 1 argument";
    return in_quotes(function) + " takes " + std::to_string(arity) + " arguments";
}

constexpr size_t agg_kind_count = static_cast<size_t>(AggKind::collect) + 1;

std::array<std::string_view, agg_kind_count> all_function_names() {
    std::array<std::string_view, agg_kind_count> names{};
    for (size_t i = 0; i < agg_kind_count; ++i) names[i] = agg_kind_name(static_cast<AggKind>(i));
    return names;
}

// "0.95", "1", "0" and "1e-1" are numbers; "nan", "0x1p-1" and "" are not.
bool parse_fraction(std::string_view s, double& out) {
    if (s.empty()) return false;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, std::chars_format::general);
    return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

bool parse_positive_int(std::string_view s, int64_t& out) {
    if (s.empty() || s.front() == '-' || s.front() == '+') return false;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && out > 0;
}

}  // namespace

Result<AggregateCall> parse_aggregate_call(std::string_view text) {
    Error bad{"cannot parse aggregate " + in_quotes(text)};
    std::string_view s = trim(text);
    size_t n = 0;
    if (s.empty() || !is_name_start(s[0])) return bad;
    while (n < s.size() && is_name_char(s[n])) ++n;
    AggregateCall call{std::string(s.substr(0, n)), {}};

    std::string_view rest = trim(s.substr(n));
    if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')') return bad;
    std::string_view inside = rest.substr(1, rest.size() - 2);
    if (inside.find(')') != std::string_view::npos || inside.find('(') != std::string_view::npos) return bad;
    if (trim(inside).empty()) return call;
    for (;;) {
        size_t comma = inside.find(',');
        std::string_view arg = trim(inside.substr(0, comma));
        if (arg.empty()) return bad;
        call.args.emplace_back(arg);
        if (comma == std::string_view::npos) return call;
        inside.remove_prefix(comma + 1);
    }
}

Result<AggSpec> parse_aggregate(std::string_view output_name, std::string_view text) {
    auto call = parse_aggregate_call(text);
    if (!call) return call.error();
    const std::string& fn = call.value().function;
    const std::vector<std::string>& args = call.value().args;

    auto kind = agg_kind_from_name(fn);
    if (!kind) {
        auto names = all_function_names();
        return Error{"unknown aggregate " + in_quotes(fn) + did_you_mean(fn, names)};
    }
    int arity = agg_kind_arity(*kind);
    if (static_cast<int>(args.size()) != arity) return Error{arity_message(fn, arity)};

    AggSpec spec;
    spec.name = std::string(output_name);
    spec.kind = *kind;
    if (arity >= 1) {
        auto path = parse_field_path(args[0]);
        if (!path) return Error{"bad field path " + in_quotes(args[0]) + ": " + path.error().message};
        spec.field = std::move(path.value());
    }
    if (arity == 2) {
        if (*kind == AggKind::quantile) {
            if (!parse_fraction(args[1], spec.quantile) || spec.quantile < 0 || spec.quantile > 1)
                return Error{"quantile must be in [0, 1]"};
        } else {
            // Bounds that keep one window's state in check (docs/aggregates.md).
            const int64_t most = *kind == AggKind::top_k ? 1000 : 100000;
            if (!parse_positive_int(args[1], spec.limit) || spec.limit > most)
                return Error{in_quotes(fn) + " needs an integer from 1 to " + std::to_string(most) + " as its second argument"};
        }
    }
    return spec;
}

std::string aggregate_call_text(const AggSpec& spec) {
    std::string out(agg_kind_name(spec.kind));
    out += '(';
    if (spec.field) out += spec.field->text;
    if (spec.kind == AggKind::quantile) {
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, spec.quantile);
        (void)ec;
        out += ", ";
        out.append(buf, end);
    } else if (spec.kind == AggKind::top_k || spec.kind == AggKind::collect) {
        out += ", " + std::to_string(spec.limit);
    }
    out += ')';
    return out;
}

}  // namespace eddy
