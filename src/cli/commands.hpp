// Subcommand entry points behind main(): each returns the process exit code and reports
// failures by throwing EddyError (main prints "eddy: <message>").
#pragma once
#include <string>
#include <vector>

#include "engine/run_options.hpp"

namespace eddy {

int command_run(const std::string& pipeline_path, const RunOptions& options);
int command_check(const std::string& pipeline_path);

}  // namespace eddy
