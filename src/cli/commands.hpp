// Subcommand entry points behind main(): each returns the process exit code and reports
// failures by throwing EddyError (main prints "eddy: <message>").
#pragma once
#include <string>
#include <vector>

#include "engine/run_options.hpp"

namespace eddy {

int command_run(const std::string& pipeline_path, const RunOptions& options);
int command_check(const std::string& pipeline_path);
// Runs the [[test]] cases; exit 0 when all pass, 1 otherwise. --update rewrites expected_file.
int command_test(const std::vector<std::string>& pipeline_paths, bool update);
// `eddy state info|dump|reset --state DIR` (SPEC §6).
int command_state(const std::string& action, const std::string& dir, bool wait);

}  // namespace eddy
