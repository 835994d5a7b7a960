// The aggregate functions a window stage can compute (SPEC §2) and their names in a pipeline file.
// Each has its state type in its own file under agg/; aggregate.hpp ties them together.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace eddy {

enum class AggKind : uint8_t {
    count,
    sum,
    min,
    max,
    avg,
    first,
    last,
    count_distinct,
    approx_distinct,
    quantile,
    top_k,
    collect,
};

// "sum" -> AggKind::sum; nullopt for an unknown name.
std::optional<AggKind> agg_kind_from_name(std::string_view name);
std::string_view agg_kind_name(AggKind kind);
// How many arguments the function takes: count() 0; sum(f) 1; quantile(f, q), top_k(f, k), collect(f, limit) 2.
int agg_kind_arity(AggKind kind);

}  // namespace eddy
