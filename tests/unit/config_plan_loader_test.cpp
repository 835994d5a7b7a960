// Unit tests for config/plan_loader on valid pipeline files: defaults of SPEC §8 rule 1,
// every section read, offsets reduced (rule 9), aggregates in declared order.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "config/plan_loader.hpp"
#include "core/error.hpp"

using namespace eddy;
using Steps = std::vector<std::string>;

namespace {
constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMinute = 60 * kSecond;

const char* const kWindowHead =
    "[[stage]]\n"
    "op = \"window\"\n";
}  // namespace

TEST_CASE("plan_loader: an empty file is all defaults") {
    Plan p = parse_plan("", "p.toml");
    CHECK(p.path == "p.toml");
    CHECK(p.source.time_field.text == "ts");
    CHECK(p.source.time_field.steps == Steps{"ts"});
    CHECK_FALSE(p.source.time_field.pointer);
    CHECK(p.source.time_format.kind == TimeFormatKind::auto_detect);
    CHECK(p.source.timezone == "UTC");
    CHECK(p.source.on_invalid == OnInvalid::skip);
    CHECK(p.source.dead_letter.empty());
    CHECK(p.watermark.max_out_of_orderness == Duration(0));
    CHECK(p.watermark.allowed_lateness == Duration(0));
    CHECK(p.watermark.late_events == LateEvents::drop);
    CHECK_FALSE(p.watermark.idle_timeout.has_value());
    CHECK_FALSE(p.watermark.max_future.has_value());
    CHECK(p.state.dir.empty());
    CHECK(p.state.max_size == 4ULL * 1024 * 1024 * 1024);
    CHECK(p.state.checkpoint_interval == Duration(10 * kSecond));
    CHECK(p.output.time_format == OutputTimeFormat::rfc3339);
    CHECK(p.stages.empty());
    CHECK(p.tests.empty());
    CHECK(p.warnings.empty());
}

TEST_CASE("plan_loader: empty sections are defaults too") {
    Plan p = parse_plan("[source]\n[watermark]\n[state]\n[output]\n", "p.toml");
    CHECK(p.source.timezone == "UTC");
    CHECK(p.state.dir.empty());
    CHECK(p.output.time_format == OutputTimeFormat::rfc3339);
}

TEST_CASE("plan_loader: every section") {
    Plan p = parse_plan(
        "[source]\n"
        "time_field = \"/http/ts\"\n"
        "time_format = \"%d/%b/%Y:%H:%M:%S %z\"\n"
        "timezone = \"Europe/Berlin\"\n"
        "on_invalid = \"dead_letter\"\n"
        "dead_letter = \"rejected.ndjson\"\n"
        "\n"
        "[watermark]\n"
        "max_out_of_orderness = \"5s\"\n"
        "allowed_lateness = \"1m\"\n"
        "late_events = \"side_output\"\n"
        "late_output = \"late.ndjson\"\n"
        "idle_timeout = \"10m\"\n"
        "max_future = \"1h\"\n"
        "\n"
        "[state]\n"
        "dir = \"/var/lib/eddy/clicks\"\n"
        "max_size = \"512MiB\"\n"
        "checkpoint_interval = \"30s\"\n"
        "\n"
        "[output]\n"
        "time_format = \"epoch_ms\"\n"
        "\n"
        "[[stage]]\n"
        "op = \"key_by\"\n"
        "fields = [\"user\", \"geo.country\"]\n"
        "\n"
        "[[stage]]\n"
        "op = \"window\"\n"
        "type = \"tumbling\"\n"
        "size = \"1m\"\n"
        "[stage.aggregate]\n"
        "events = \"count()\"\n"
        "bytes = \"sum(bytes)\"\n",
        "p.toml");
    CHECK(p.source.time_field.pointer);
    CHECK(p.source.time_field.steps == Steps{"http", "ts"});
    CHECK(p.source.time_format.kind == TimeFormatKind::strftime);
    CHECK(p.source.time_format.pattern == "%d/%b/%Y:%H:%M:%S %z");
    CHECK(p.source.timezone == "Europe/Berlin");
    CHECK(p.source.on_invalid == OnInvalid::dead_letter);
    CHECK(p.source.dead_letter == "rejected.ndjson");
    CHECK(p.watermark.max_out_of_orderness == Duration(5 * kSecond));
    CHECK(p.watermark.allowed_lateness == Duration(kMinute));
    CHECK(p.watermark.late_events == LateEvents::side_output);
    CHECK(p.watermark.late_output == "late.ndjson");
    CHECK(p.watermark.idle_timeout == Duration(10 * kMinute));
    CHECK(p.watermark.max_future == Duration(60 * kMinute));
    CHECK(p.state.dir == "/var/lib/eddy/clicks");
    CHECK(p.state.max_size == 512ULL * 1024 * 1024);
    CHECK(p.state.checkpoint_interval == Duration(30 * kSecond));
    CHECK(p.output.time_format == OutputTimeFormat::epoch_ms);

    REQUIRE(p.stages.size() == 2);
    const StageSpec& key = p.stages[0];
    CHECK(key.op == StageOp::key_by);
    CHECK(key.pos.line == 24);
    CHECK(key.pos.column == 1);
    REQUIRE(key.key_by.fields.size() == 2);
    CHECK(key.key_by.fields[0].text == "user");
    CHECK(key.key_by.fields[1].text == "geo.country");
    CHECK(key.key_by.fields[1].steps == Steps{"geo", "country"});

    const StageSpec& win = p.stages[1];
    CHECK(win.op == StageOp::window);
    CHECK(win.pos.line == 28);
    CHECK(win.window.type == WindowType::tumbling);
    CHECK(win.window.size == Duration(kMinute));
    CHECK(win.window.slide == Duration(kMinute));  // tumbling: slide = size
    CHECK(win.window.offset == Duration(0));
    REQUIRE(win.window.aggregates.size() == 2);
    CHECK(win.window.aggregates[0].name == "events");
    CHECK(win.window.aggregates[0].kind == AggKind::count);
    CHECK(win.window.aggregates[0].pos.line == 33);
    CHECK(win.window.aggregates[0].pos.column == 1);
    CHECK(win.window.aggregates[1].name == "bytes");
    CHECK(win.window.aggregates[1].kind == AggKind::sum);
    CHECK(win.window.aggregates[1].field->steps == Steps{"bytes"});
    CHECK(p.warnings.empty());
}

TEST_CASE("plan_loader: time formats and enums") {
    struct Case {
        const char* text;
        TimeFormatKind kind;
    };
    for (Case c : {Case{"auto", TimeFormatKind::auto_detect}, Case{"rfc3339", TimeFormatKind::rfc3339},
                   Case{"epoch_s", TimeFormatKind::epoch_s}, Case{"epoch_ms", TimeFormatKind::epoch_ms},
                   Case{"epoch_us", TimeFormatKind::epoch_us}, Case{"epoch_ns", TimeFormatKind::epoch_ns},
                   Case{"%s", TimeFormatKind::strftime}}) {
        CAPTURE(c.text);
        Plan p = parse_plan(std::string("[source]\ntime_format = \"") + c.text + "\"\n", "p.toml");
        CHECK(p.source.time_format.kind == c.kind);
    }
    CHECK(parse_plan("[source]\non_invalid = \"fail\"\n", "p.toml").source.on_invalid == OnInvalid::fail);
    CHECK(parse_plan("[output]\ntime_format = \"epoch_ns\"\n", "p.toml").output.time_format == OutputTimeFormat::epoch_ns);
    CHECK(parse_plan("[output]\ntime_format = \"epoch_s\"\n", "p.toml").output.time_format == OutputTimeFormat::epoch_s);
}

TEST_CASE("plan_loader: idle_timeout and max_future take \"off\"") {
    Plan p = parse_plan("[watermark]\nidle_timeout = \"off\"\nmax_future = \"off\"\n", "p.toml");
    CHECK_FALSE(p.watermark.idle_timeout.has_value());
    CHECK_FALSE(p.watermark.max_future.has_value());
}

TEST_CASE("plan_loader: offsets are reduced modulo the size, or the slide for sliding windows") {
    auto tumbling_offset = [](const char* offset) {
        Plan p = parse_plan(std::string(kWindowHead) + "type = \"tumbling\"\nsize = \"1m\"\noffset = \"" + offset + "\"\n", "p.toml");
        return p.stages.at(0).window.offset;
    };
    CHECK(tumbling_offset("15s") == Duration(15 * kSecond));
    CHECK(tumbling_offset("90s") == Duration(30 * kSecond));
    CHECK(tumbling_offset("1m") == Duration(0));
    CHECK(tumbling_offset("-10s") == Duration(50 * kSecond));  // proper modulo
    CHECK(tumbling_offset("-2m") == Duration(0));

    auto sliding = [](const char* offset) {
        return parse_plan(std::string(kWindowHead) + "type = \"sliding\"\nsize = \"1m\"\nslide = \"10s\"\noffset = \"" +
                              offset + "\"\n",
                          "p.toml");
    };
    Plan s = sliding("25s");
    CHECK(s.stages.at(0).window.type == WindowType::sliding);
    CHECK(s.stages.at(0).window.size == Duration(kMinute));
    CHECK(s.stages.at(0).window.slide == Duration(10 * kSecond));
    CHECK(s.stages.at(0).window.offset == Duration(5 * kSecond));
    CHECK(sliding("-25s").stages.at(0).window.offset == Duration(5 * kSecond));
    // The defaults allow no disorder and no bound on future times: both are named.
    REQUIRE(s.warnings.size() == 2);
    CHECK(s.warnings[0].starts_with("[watermark] max_out_of_orderness is 0s: "));
    CHECK(s.warnings[1].starts_with("[watermark] max_future is off: "));
}

TEST_CASE("plan_loader: a sliding window with holes is a warning") {
    Plan p = parse_plan(
        "[watermark]\nmax_out_of_orderness = \"5s\"\nmax_future = \"1h\"\n"
        "[[stage]]\nop = \"key_by\"\nfields = [\"u\"]\n" + std::string(kWindowHead) +
            "type = \"sliding\"\nsize = \"1m\"\nslide = \"90s\"\n",
        "p.toml");
    REQUIRE(p.warnings.size() == 1);
    CHECK(p.warnings[0] == "stage 2: slide 1m30s is larger than size 1m: events between windows belong to none");
}

TEST_CASE("plan_loader: many sliding windows per event are a warning; a pass-through pipeline gets none") {
    Plan p = parse_plan(
        "[watermark]\nmax_out_of_orderness = \"5s\"\nmax_future = \"1h\"\n" + std::string(kWindowHead) +
            "type = \"sliding\"\nsize = \"1h\"\nslide = \"10s\"\n",
        "p.toml");
    REQUIRE(p.warnings.size() == 1);
    CHECK(p.warnings[0] ==
          "stage 1: each event updates 360 sliding windows (size / slide), 360 times the work and state of a tumbling window");
    CHECK(parse_plan("[[stage]]\nop = \"filter\"\nwhere = 'a'\n", "p.toml").warnings.empty());
}

TEST_CASE("plan_loader: aggregates keep the order they were written in") {
    Plan p = parse_plan(std::string(kWindowHead) +
                            "type = \"tumbling\"\nsize = \"1m\"\n"
                            "[stage.aggregate]\n"
                            "zeta = \"count()\"\n"
                            "alpha = \"max(n)\"\n"
                            "mid = \"avg(n)\"\n",
                        "p.toml");
    const auto& aggs = p.stages.at(0).window.aggregates;
    REQUIRE(aggs.size() == 3);
    CHECK(aggs[0].name == "zeta");
    CHECK(aggs[1].name == "alpha");
    CHECK(aggs[2].name == "mid");
}

TEST_CASE("plan_loader: inline tables work like table headers") {
    Plan p = parse_plan(
        "stage = [\n"
        "  { op = \"key_by\", fields = [\"u\"] },\n"
        "  { op = \"window\", type = \"tumbling\", size = \"1h\", aggregate = { n = \"count()\" } },\n"
        "]\n",
        "p.toml");
    REQUIRE(p.stages.size() == 2);
    CHECK(p.stages[1].window.size == Duration(60 * kMinute));
    REQUIRE(p.stages[1].window.aggregates.size() == 1);
    CHECK(p.stages[1].window.aggregates[0].name == "n");
}

TEST_CASE("plan_loader: output names only clash with the key in force") {
    // No key_by: "user" is free. A pointer key prints as "/user", so "user" is free too.
    CHECK_NOTHROW(parse_plan(std::string(kWindowHead) + "type = \"tumbling\"\nsize = \"1m\"\n[stage.aggregate]\nuser = \"count()\"\n",
                             "p.toml"));
    CHECK_NOTHROW(parse_plan("[[stage]]\nop = \"key_by\"\nfields = [\"/user\"]\n" + std::string(kWindowHead) +
                                 "type = \"tumbling\"\nsize = \"1m\"\n[stage.aggregate]\nuser = \"count()\"\n",
                             "p.toml"));
}

TEST_CASE("plan_loader: two window stages are fine without allowed_lateness") {
    Plan p = parse_plan(std::string(kWindowHead) + "type = \"tumbling\"\nsize = \"1m\"\n" + kWindowHead +
                            "type = \"tumbling\"\nsize = \"1h\"\n",
                        "p.toml");
    CHECK(p.stages.size() == 2);
}

TEST_CASE("plan_loader: [[test]] files are relative to the pipeline file") {
    const char* text =
        "[[test]]\n"
        "name = \"one\"\n"
        "input = \"{}\\n\"\n"
        "expected = \"\"\n"
        "\n"
        "[[test]]\n"
        "input_file = \"in.ndjson\"\n"
        "expected_file = \"/abs/out.ndjson\"\n";
    Plan p = parse_plan(text, "examples/sub/p.toml");
    REQUIRE(p.tests.size() == 2);
    CHECK(p.tests[0].name == "one");
    CHECK(p.tests[0].input == "{}\n");
    CHECK(p.tests[0].expected == "");
    CHECK(p.tests[0].pos.line == 1);
    CHECK(p.tests[1].name == "test 2");
    CHECK(p.tests[1].input_file == "examples/sub/in.ndjson");
    CHECK(p.tests[1].expected_file == "/abs/out.ndjson");
    CHECK(p.tests[1].pos.line == 6);

    Plan here = parse_plan(text, "p.toml");
    CHECK(here.tests[1].input_file == "in.ndjson");
}

TEST_CASE("plan_loader: load_plan_file reads the file, or fails with no_input") {
    char dir_template[] = "/tmp/eddy_config_test_XXXXXX";
    REQUIRE(mkdtemp(dir_template) != nullptr);
    std::string path = std::string(dir_template) + "/p.toml";
    {
        std::ofstream out(path);
        out << "[source]\ntime_field = \"t\"\n";
    }
    Plan p = load_plan_file(path);
    CHECK(p.path == path);
    CHECK(p.source.time_field.text == "t");

    std::string missing = std::string(dir_template) + "/missing.toml";
    try {
        load_plan_file(missing);
        FAIL("no error");
    } catch (const EddyError& e) {
        CHECK(e.code() == ExitCode::no_input);
        CHECK(std::string(e.what()) == missing + ": No such file or directory");
    }
    std::remove(path.c_str());
    rmdir(dir_template);
}
