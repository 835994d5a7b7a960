// Aggregate definitions in [stage.aggregate]: the text "quantile(latency_ms, 0.95)" parsed
// and checked into an AggSpec (SPEC §2), and the canonical text of an AggSpec for `eddy check`.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/plan.hpp"
#include "core/error.hpp"

namespace eddy {

// The shape of a call, before the function name or arguments are looked at.
struct AggregateCall {
    std::string function;
    std::vector<std::string> args;  // trimmed; none for "count()"
};

// name "(" [arg {"," arg}] ")" with optional blanks around each part. An argument is any
// text without ',' or ')' and may not be empty. Error: "cannot parse aggregate '<text>'".
Result<AggregateCall> parse_aggregate_call(std::string_view text);

// The call checked against the known functions, for the output field `output_name`.
// Errors (no position; the caller knows where the value is), checked in this order:
// "cannot parse aggregate 'sum(bytes'", "unknown aggregate 'summ' (did you mean 'sum'?)",
// "'count' takes no argument" / "'sum' takes 1 argument" / "'quantile' takes 2 arguments",
// "bad field path 'a..b': empty name", "quantile must be in [0, 1]",
// "'top_k' needs a positive integer", and last "aggregate 'quantile' is not supported yet",
// so that a call this build cannot run is still checked in full.
Result<AggSpec> parse_aggregate(std::string_view output_name, std::string_view text);

// "count()", "sum(bytes)", "quantile(latency_ms, 0.95)": the call as eddy check prints it.
std::string aggregate_call_text(const AggSpec& spec);

}  // namespace eddy
