// What aggregates saw that the run reports (--stats): values of the wrong type ignored
// (SPEC §8 rule 16) and NaN/Inf results printed as null (rule 31).
#pragma once
#include <cstdint>
namespace eddy {
struct AggCounters {
    uint64_t wrong_type = 0;
    uint64_t non_finite = 0;
};
}  // namespace eddy
