// The [[stage]] part of a pipeline file: which keys each op takes, key_by fields, window
// shapes with their aggregates, and the rules that tie one stage to the stages before it.
#pragma once
#include "config/plan.hpp"
#include "config/toml_fields.hpp"

namespace eddy {

// Appends one StageSpec per table of `section` (the top-level "stage" entry) to plan.stages
// and any warnings to plan.warnings. Reads plan.watermark, so [watermark] goes first.
// Mistakes fail through `fields`.
void read_stages(const TomlFieldReader& fields, const TomlEntry& section, Plan& plan);

}  // namespace eddy
