// `eddy run`: wires inputs -> line reader -> extractor -> time -> stage chain -> output,
// applies the on_invalid policy, advances the source watermark and drains at the end.
#pragma once
#include "config/plan.hpp"
#include "core/error.hpp"
#include "engine/run_options.hpp"

#include <string_view>

namespace eddy {

// Runs the pipeline to the end of its inputs. Returns the exit code (0, or 129/130/143 after
// a signal); every failure is an EddyError carrying its own code.
int run_pipeline(const Plan& plan, const RunOptions& options);

// Parses --now: an RFC 3339 time or an epoch number (SPEC §8 rule 2's auto rules).
Result<EventTime> parse_now(std::string_view text);

}  // namespace eddy
