// eddy's command line (SPEC §1): parses subcommands and options with CLI11, runs one, and
// turns the one exception type into "eddy: <message>" on stderr and its exit code.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/one_line.hpp"
#include "engine/runner.hpp"

using namespace eddy;

namespace {

int fail(ExitCode code, const std::string& message) {
    if (code != ExitCode::broken_pipe) std::fprintf(stderr, "eddy: %s\n", one_line(message).c_str());
    return static_cast<int>(code);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"eddy: a stream processor for Unix pipes: NDJSON in, a TOML pipeline of keyed, windowed\n"
                 "aggregations on event time, NDJSON out."};
    app.set_version_flag("--version", std::string("eddy ") + EDDY_VERSION);
    app.require_subcommand(1);
    app.footer("\nExamples:\n"
               "  eddy run clicks.toml access.ndjson.gz          rows on stdout, drained at end of input\n"
               "  tail -F app.log | eddy run errors.toml          live: rows as the watermark closes windows\n"
               "  eddy run clicks.toml new.ndjson --state st      cron: continue where the last run stopped\n"
               "  eddy check clicks.toml                          the pipeline as eddy reads it, with warnings\n"
               "  eddy test 'configs/*.toml'                      run the [[test]] cases\n"
               "\nMore: man eddy (or man -l man/eddy.1), docs/ in the source tree.");

    std::string pipeline;
    std::vector<std::string> inputs;
    RunOptions opts;
    std::string now_text;
    bool progress = false, no_progress = false;

    CLI::App* run = app.add_subcommand("run", "run PIPELINE.toml over INPUT files (or stdin)");
    run->footer("\nExamples:\n"
                "  eddy run clicks.toml a.ndjson b.ndjson.gz -o rows.ndjson --stats\n"
                "  zcat access.log.gz | eddy run clicks.toml --format csv > rows.csv\n"
                "  eddy run clicks.toml today.ndjson --state /var/lib/eddy/clicks      (each cron run continues)\n"
                "  eddy run clicks.toml --state /var/lib/eddy/clicks --drain < /dev/null (close every window)\n"
                "\nExit codes: 0 ok, 64 usage, 65 bad input (on_invalid = \"fail\"), 66 no input, 73 cannot\n"
                "write output, 74 I/O or state, 75 state locked, 78 configuration, 70 internal, 129/130/143\n"
                "signals, 141 output closed.");
    run->add_option("pipeline", pipeline, "the pipeline file")->required();
    run->add_option("inputs", inputs, "input files, '-' for stdin; gzip and zstd are read transparently");
    run->add_option("-o,--output", opts.output, "append results to FILE instead of stdout");
    run->add_option("--state", opts.state_dir, "LMDB state directory (overrides [state] dir)");
    run->add_flag("--drain", opts.drain, "at end of input close every open window (the default without state)");
    run->add_option("--now", now_text, "the wall clock, RFC 3339 or epoch (for max_future; tests)");
    run->add_option("--threads", opts.threads, "worker threads; output never depends on it");
    run->add_flag("--progress", progress, "progress on stderr (default when stderr is a terminal)");
    run->add_flag("--no-progress", no_progress, "no progress on stderr");
    std::string format_text;
    run->add_option("--format", format_text, "output format: ndjson, csv or tsv (overrides [output] format)")
        ->check(CLI::IsMember({"ndjson", "csv", "tsv"}));
    run->add_flag("--stats", opts.stats, "one JSON object of counters on stderr at exit");
    run->add_flag("--quiet", opts.quiet, "no warnings and no end-of-run summary of dropped data (errors still print)");
    run->add_flag("--reset-state", opts.reset_state, "discard persisted state first");
    run->add_flag("--wait", opts.wait, "wait for the state lock instead of failing with exit 75");

    CLI::App* check = app.add_subcommand("check", "validate PIPELINE.toml and print its plan");
    check->footer("\nExample:\n  eddy check clicks.toml      prints the plan and warns about risky settings; exit 78 on errors");
    std::string check_pipeline;
    check->add_option("pipeline", check_pipeline, "the pipeline file")->required();

    CLI::App* test = app.add_subcommand("test", "run the [[test]] cases of pipeline files");
    test->footer("\nExamples:\n"
                 "  eddy test configs/*.toml                  every case; last line 'test: N passed, N failed'\n"
                 "  eddy test clicks.toml --update            rewrite each case's expected_file with the actual rows");
    std::vector<std::string> test_pipelines;
    bool update = false;
    test->add_option("pipelines", test_pipelines, "pipeline files")->required();
    test->add_flag("--update", update, "write the actual output to each case's expected_file");

    CLI::App* state = app.add_subcommand("state", "look into or clear persisted state");
    state->footer("\nExamples:\n"
                  "  eddy state info --state /var/lib/eddy/clicks\n"
                  "  eddy state dump --state /var/lib/eddy/clicks | jq -c 'select(.entry == \"cursor\")'\n"
                  "  eddy state reset --state /var/lib/eddy/clicks --wait");
    std::string state_action, state_dir;
    state->add_option("action", state_action, "info | dump | reset")->required()->check(CLI::IsMember({"info", "dump", "reset"}));
    state->add_option("--state", state_dir, "the state directory")->required();
    bool state_wait = false;
    state->add_flag("--wait", state_wait, "reset: wait for a run that holds the state dir");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return fail(ExitCode::usage, std::string(e.what()) + " (see eddy --help)");
    }

    try {
        if (*run) {
            if (progress) opts.progress = true;
            if (no_progress) opts.progress = false;
            if (!now_text.empty()) {
                Result<EventTime> now = parse_now(now_text);
                if (!now.ok()) return fail(ExitCode::usage, "--now: " + now.error().message);
                opts.now = now.value();
            }
            opts.inputs = inputs;
            if (format_text == "ndjson") opts.format = OutputFormat::ndjson;
            if (format_text == "csv") opts.format = OutputFormat::csv;
            if (format_text == "tsv") opts.format = OutputFormat::tsv;
            return command_run(pipeline, opts);
        }
        if (*check) return command_check(check_pipeline);
        if (*test) return command_test(test_pipelines, update);
        if (*state) return command_state(state_action, state_dir, state_wait);
    } catch (const EddyError& e) {
        return fail(e.code(), e.what());
    } catch (const std::bad_alloc&) {
        return fail(ExitCode::io, "out of memory");
    } catch (const std::exception& e) {
        return fail(ExitCode::internal, std::string("internal error: ") + e.what() + " (please report)");
    }
    return 0;
}
