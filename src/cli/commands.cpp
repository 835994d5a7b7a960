// `run` loads and validates the pipeline, then hands it to the engine; `check` validates
// and prints the plan without reading any input.
#include "cli/commands.hpp"

#include <cstdio>

#include "config/plan_loader.hpp"
#include "config/plan_printer.hpp"
#include "engine/runner.hpp"

namespace eddy {

int command_run(const std::string& pipeline_path, const RunOptions& options) {
    Plan plan = load_plan_file(pipeline_path);
    if (options.format) plan.output.format = *options.format;
    return run_pipeline(plan, options);
}

int command_check(const std::string& pipeline_path) {
    Plan plan = load_plan_file(pipeline_path);
    std::string text = describe_plan(plan);
    if (!text.empty() && text.back() != '\n') text.push_back('\n');
    std::fputs(text.c_str(), stdout);
    return 0;
}

}  // namespace eddy
