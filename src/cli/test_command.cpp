// `eddy test`: runs each [[test]] case of the pipeline files through the real engine (input in
// a temporary file, output to another) and compares the bytes out with the expected text.
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "config/plan_loader.hpp"
#include "core/error.hpp"
#include "engine/runner.hpp"

namespace eddy {

namespace {

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "eddy-test-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw EddyError(ExitCode::cant_create, "cannot create a temporary directory");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
private:
    std::filesystem::path path_;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw EddyError(ExitCode::no_input, path + ": cannot be read");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw EddyError(ExitCode::cant_create, path + ": cannot be written");
}

// The first line where the two texts differ, for a short report.
std::string first_difference(const std::string& want, const std::string& got) {
    std::istringstream a(want), b(got);
    std::string la, lb;
    for (int line = 1;; ++line) {
        bool ha = static_cast<bool>(std::getline(a, la)), hb = static_cast<bool>(std::getline(b, lb));
        if (!ha && !hb) return "the final newline differs";
        if (!ha || !hb || la != lb)
            return "line " + std::to_string(line) + ":\n    expected: " + (ha ? la : "(end)") + "\n    actual:   " +
                   (hb ? lb : "(end)");
    }
}

}  // namespace

int command_test(const std::vector<std::string>& pipeline_paths, bool update) {
    int passed = 0, failed = 0;
    for (const std::string& path : pipeline_paths) {
        Plan plan = load_plan_file(path);
        if (plan.tests.empty()) std::printf("%s: no [[test]] cases\n", path.c_str());
        for (const TestCase& tc : plan.tests) {
            TempDir dir;
            std::string input = tc.input_file;
            if (input.empty()) {
                input = (dir.path() / "input.ndjson").string();
                write_file(input, tc.input);
            }
            RunOptions opts;
            opts.inputs = {input};
            opts.output = (dir.path() / "output.ndjson").string();
            opts.progress = false;
            std::string problem;
            try {
                int rc = run_pipeline(plan, opts);
                if (rc != 0) problem = "the run ended with exit code " + std::to_string(rc);
            } catch (const EddyError& e) {
                problem = std::string("the run failed: ") + e.what();
            }
            std::string actual;
            if (problem.empty()) actual = read_file(opts.output);
            if (problem.empty() && update) {
                if (tc.expected_file.empty()) {
                    problem = "--update rewrites expected_file only; this case's expected text is inline";
                } else {
                    write_file(tc.expected_file, actual);
                    std::printf("updated %s: %s\n", path.c_str(), tc.name.c_str());
                    ++passed;
                    continue;
                }
            }
            if (problem.empty()) {
                std::string expected = tc.expected_file.empty() ? tc.expected : read_file(tc.expected_file);
                if (expected != actual) problem = "output differs at " + first_difference(expected, actual);
            }
            if (problem.empty()) {
                std::printf("ok %s: %s\n", path.c_str(), tc.name.c_str());
                ++passed;
            } else {
                std::printf("FAIL %s: %s: %s\n", path.c_str(), tc.name.c_str(), problem.c_str());
                ++failed;
            }
        }
    }
    std::printf("test: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

}  // namespace eddy
