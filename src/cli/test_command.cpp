// `eddy test`: runs each [[test]] case of the pipeline files through the real engine (input in
// a temporary file, output to another, fresh in-memory state, drained) and compares the rows
// out with the expected rows as JSON values (test_compare.hpp); a failing case prints a
// unified diff of the rows. --update writes the actual output to expected_file.
#include <glob.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/test_compare.hpp"
#include "config/plan_loader.hpp"
#include "core/error.hpp"
#include "core/one_line.hpp"
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

std::optional<std::string> try_read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw EddyError(ExitCode::cant_create, path + ": cannot be written");
}

bool has_glob_chars(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

// The pipeline files named: a name with * ? or [ that is not a file is expanded with glob(3)
// (for a quoted pattern); a pattern that matches nothing is an error.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (!has_glob_chars(p) || std::filesystem::exists(p, ec)) {
            out.push_back(p);
            continue;
        }
        glob_t g{};
        int rc = ::glob(p.c_str(), 0, nullptr, &g);
        if (rc == 0)
            for (size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
        ::globfree(&g);
        if (rc == GLOB_NOMATCH) throw EddyError(ExitCode::no_input, p + ": no file matches");
        if (rc != 0) throw EddyError(ExitCode::no_input, p + ": cannot be expanded");
    }
    return out;
}

void print_indented(const std::string& text) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) std::printf("    %s\n", line.c_str());
}

struct Outcome {
    bool passed = false;
    std::string verb = "ok";  // "ok" or "updated" when passed
    std::string problem;      // when failed
    std::string diff;         // when failed on a difference
};

Outcome run_case(const Plan& loaded, const TestCase& tc, bool update) {
    Outcome r;
    TempDir dir;
    // Fresh in-memory state, drained at the end; side outputs go to the temporary directory.
    Plan plan = loaded;
    plan.state.dir.clear();
    if (!plan.watermark.late_output.empty()) plan.watermark.late_output = (dir.path() / "late.ndjson").string();
    if (!plan.source.dead_letter.empty()) plan.source.dead_letter = (dir.path() / "dead_letter.ndjson").string();
    std::string input = tc.input_file;
    if (input.empty()) {
        input = (dir.path() / "input.ndjson").string();
        write_file(input, tc.input);
    }
    RunOptions opts;
    opts.inputs = {input};
    opts.output = (dir.path() / "output.ndjson").string();
    opts.progress = false;
    opts.quiet = true;
    if (tc.format) plan.output.format = *tc.format;
    if (!tc.now.empty()) {
        Result<EventTime> now = parse_now(tc.now);
        if (!now.ok()) {
            r.problem = "args --now: " + now.error().message;
            return r;
        }
        opts.now = now.value();
    }
    try {
        int rc = run_pipeline(plan, opts);
        if (rc != 0) r.problem = "the run ended with exit code " + std::to_string(rc);
    } catch (const EddyError& e) {
        r.problem = std::string("the run failed: ") + one_line(e.what());
    }
    if (!r.problem.empty()) return r;
    std::string actual = try_read_file(opts.output).value_or("");

    std::optional<std::string> expected =
        tc.expected_file.empty() ? std::optional<std::string>(tc.expected) : try_read_file(tc.expected_file);
    if (update && !tc.expected_file.empty()) {
        r.passed = true;
        if (expected != actual) {
            std::error_code ec;
            std::filesystem::path parent = std::filesystem::path(tc.expected_file).parent_path();
            if (!parent.empty()) std::filesystem::create_directories(parent, ec);
            write_file(tc.expected_file, actual);
            r.verb = "updated";
        }
        return r;
    }
    if (!expected) {
        r.problem = "expected_file " + tc.expected_file + " cannot be read (--update creates it)";
        return r;
    }
    r.diff = unified_diff(split_rows(*expected), split_rows(actual));
    if (r.diff.empty()) {
        r.passed = true;
    } else if (update) {
        r.problem = "--update cannot rewrite the inline 'expected' text of this case; move it to a file "
                    "and name that with expected_file = \"...\" (relative to the pipeline file)";
    } else {
        r.problem = "the output differs";
    }
    return r;
}

}  // namespace

int command_test(const std::vector<std::string>& pipeline_paths, bool update) {
    std::vector<std::string> paths = expand_paths(pipeline_paths);
    int passed = 0, failed = 0;
    int load_error = 0;  // the exit code of the first file that could not be loaded
    for (const std::string& path : paths) {
        if (paths.size() > 1) std::printf("==> %s <==\n", path.c_str());
        std::optional<Plan> plan;
        try {
            plan = load_plan_file(path);
        } catch (const EddyError& e) {
            if (paths.size() == 1) throw;
            std::fflush(stdout);
            std::fprintf(stderr, "eddy: %s\n", one_line(e.what()).c_str());
            std::printf("FAIL %s: the file cannot be loaded\n", path.c_str());
            if (!load_error) load_error = static_cast<int>(e.code());
            continue;
        }
        if (plan->tests.empty()) std::printf("%s: no [[test]] cases\n", path.c_str());
        for (const TestCase& tc : plan->tests) {
            Outcome r = run_case(*plan, tc, update);
            if (r.passed) {
                std::printf("%s %s: %s\n", r.verb.c_str(), path.c_str(), one_line(tc.name).c_str());
                ++passed;
            } else {
                std::printf("FAIL %s: %s: %s\n", path.c_str(), one_line(tc.name).c_str(), r.problem.c_str());
                print_indented(r.diff);
                ++failed;
            }
        }
    }
    std::printf("test: %d passed, %d failed\n", passed, failed);
    if (load_error) return load_error;
    return failed == 0 ? 0 : 1;
}

}  // namespace eddy
