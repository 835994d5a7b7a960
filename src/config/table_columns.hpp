// The columns of csv/tsv output: the fixed shape of the last stage's rows (a window's key
// fields, bounds, aggregates and revision; a select's top-level names).
#pragma once
#include <string>
#include <vector>

#include "config/plan.hpp"
#include "core/error.hpp"

namespace eddy {

// An Error (no position) when the last stage's records have no fixed shape.
Result<std::vector<std::string>> table_columns(const Plan& plan);

}  // namespace eddy
