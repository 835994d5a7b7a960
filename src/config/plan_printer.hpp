// The few readable lines `eddy check` prints for a validated plan: what each section and
// stage will do, with defaults spelled out, then the plan's warnings.
#pragma once
#include <string>

#include "config/plan.hpp"

namespace eddy {

// Every line ends in '\n'. E.g.
//   pipeline examples/clicks.toml
//   source: time ts (auto, UTC), on_invalid skip
//   watermark: max_out_of_orderness 5s, allowed_lateness 0s, late events dropped
//   stage 1: key_by user
//   stage 2: window tumbling 1m (offset 0s): events = count(), bytes = sum(bytes)
//   state: in memory (drained at end of input)
//   warning: ...
std::string describe_plan(const Plan& plan);
// One stage in the words of `eddy check` ("window tumbling 1m (offset 0s): n = count()").
std::string describe_stage(const StageSpec& stage);

}  // namespace eddy
