// The arguments of an aggregate call beyond its field: quantile(f, q), top_k(f, k),
// collect(f, limit). They reach the state when it is made and the writer when a row prints.
#pragma once
#include <cstdint>

namespace eddy {

struct AggParams {
    double quantile = 0;  // quantile(f, q): q in [0, 1]
    int64_t limit = 0;    // top_k(f, k): k; collect(f, limit): limit
};

}  // namespace eddy
