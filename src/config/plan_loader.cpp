// Pipeline file -> Plan: walks the TOML document section by section, fills in the defaults
// of SPEC §8 rule 1 and stops at the first mistake with "file:line:column: message".
#include "config/plan_loader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <toml++/toml.h>
#include <utility>

#include "absl/time/time.h"
#include "config/byte_size.hpp"
#include "config/field_path.hpp"
#include "config/stage_reader.hpp"
#include "config/table_columns.hpp"
#include "config/toml_document.hpp"
#include "config/toml_fields.hpp"
#include "core/error.hpp"
#include "io/file_descriptor.hpp"
#include "time/time_parser.hpp"

namespace eddy {

namespace {

constexpr std::array<std::string_view, 6> kTopKeys{"source", "watermark", "state", "output", "stage", "test"};
constexpr std::array<std::string_view, 5> kSourceKeys{"time_field", "time_format", "timezone", "on_invalid", "dead_letter"};
constexpr std::array<std::string_view, 6> kWatermarkKeys{"max_out_of_orderness", "allowed_lateness", "late_events",
                                                         "late_output",          "idle_timeout",     "max_future"};
constexpr std::array<std::string_view, 4> kStateKeys{"dir", "max_size", "checkpoint_interval", "keys_in_memory"};
constexpr std::array<std::string_view, 2> kOutputKeys{"time_format", "format"};
constexpr std::array<std::string_view, 6> kTestKeys{"name", "input", "expected", "input_file", "expected_file", "args"};

// The sections other than [[stage]]; the generic checks come from the base.
class PlanReader : TomlFieldReader {
public:
    PlanReader(const std::string& display_path, std::string_view text) : TomlFieldReader(display_path, text) {}

    using TomlFieldReader::fail;

private:
    SourcePos format_pos_;  // of [output] format, checked once the stages are known

public:

    Plan read(const toml::table& root) {
        Plan plan;
        plan.path = path();
        plan.source.time_field = parse_field_path("ts").value();

        TomlEntries top = entries_in_order(root);
        check_known_keys(top, kTopKeys, kTopKeys, "");
        if (const TomlEntry* e = find_entry(top, "source")) read_source(*e, plan);
        if (const TomlEntry* e = find_entry(top, "watermark")) read_watermark(*e, plan);
        if (const TomlEntry* e = find_entry(top, "state")) read_state(*e, plan.state);
        if (const TomlEntry* e = find_entry(top, "output")) read_output(*e, plan.output);
        if (const TomlEntry* e = find_entry(top, "stage")) read_stages(*this, *e, plan);
        if (const TomlEntry* e = find_entry(top, "test")) read_tests(*e, plan);
        if (plan.output.format != OutputFormat::ndjson) {
            auto columns = table_columns(plan);
            if (!columns) fail(format_pos_, columns.error().message);
        }
        warn_about_risky_settings(plan);
        return plan;
    }

    // `eddy check` names settings that are valid but likely to lose data or time unnoticed.
    static void warn_about_risky_settings(Plan& plan) {
        bool stateful = false;
        for (const StageSpec& s : plan.stages)
            stateful = stateful || s.op == StageOp::window || s.op == StageOp::dedup || s.op == StageOp::sessionize;
        if (!stateful) return;
        if (plan.watermark.max_out_of_orderness == Duration::zero())
            plan.warnings.push_back(
                "[watermark] max_out_of_orderness is 0s: an event older than the newest one seen so far is late "
                "once W has passed its window; logs written by several threads or hosts usually need a few "
                "seconds (e.g. \"5s\")");
        if (!plan.watermark.max_future)
            plan.warnings.push_back(
                "[watermark] max_future is off: one event with a time far in the future moves W past every open "
                "window and closes them all; e.g. max_future = \"1h\" makes such events invalid instead");
        for (size_t i = 0; i < plan.stages.size(); ++i) {
            const StageSpec& s = plan.stages[i];
            if (s.op != StageOp::window || s.window.type != WindowType::sliding) continue;
            const int64_t per_event = s.window.size.ns() / s.window.slide.ns() + (s.window.size.ns() % s.window.slide.ns() != 0);
            if (per_event > 100)
                plan.warnings.push_back("stage " + std::to_string(i + 1) + ": each event updates " + std::to_string(per_event) +
                                        " sliding windows (size / slide), " + std::to_string(per_event) +
                                        " times the work and state of a tumbling window");
        }
    }

private:
    void read_source(const TomlEntry& section, Plan& plan) {
        SourceConfig& src = plan.source;
        TomlEntries entries = entries_in_order(section_table(section, "[source]"));
        check_known_keys(entries, kSourceKeys, kSourceKeys, "[source]");
        const TomlEntry* on_invalid = nullptr;
        const TomlEntry* time_format = nullptr;
        for (const TomlEntry& e : entries) {
            if (e.key == "time_field") {
                src.time_field = want_path(e.key, want_string(e), e.value_pos);
            } else if (e.key == "time_format") {
                src.time_format = read_time_format(e);
                time_format = &e;
            } else if (e.key == "timezone") {
                const std::string& tz = want_string(e);
                absl::TimeZone zone;
                // "localtime" would make the output depend on the machine's TZ setting.
                if (tz.empty() || tz == "localtime" || !absl::LoadTimeZone(tz, &zone)) fail(e.value_pos, "unknown time zone " + in_quotes(tz));
                src.timezone = tz;
            } else if (e.key == "on_invalid") {
                const std::string& v = want_string(e);
                if (v == "skip") src.on_invalid = OnInvalid::skip;
                else if (v == "fail") src.on_invalid = OnInvalid::fail;
                else if (v == "dead_letter") src.on_invalid = OnInvalid::dead_letter;
                else fail(e.value_pos, "on_invalid must be skip, fail or dead_letter");
                on_invalid = &e;
            } else if (e.key == "dead_letter") {
                src.dead_letter = want_string(e);
                if (src.dead_letter.empty()) fail(e.value_pos, "'dead_letter' must not be empty");
            }
        }
        // The parser the run will use is built here too, so `eddy check` refuses a strftime
        // pattern that cannot read its own output (e.g. "%Y%m%d") exactly as `eddy run` would.
        if (time_format) {
            auto parser = TimeParser::create(src.time_format, src.timezone);
            if (!parser.ok()) fail(time_format->value_pos, parser.error().message);
        }
        if (src.on_invalid == OnInvalid::dead_letter && src.dead_letter.empty())
            fail(on_invalid->value_pos, "on_invalid = \"dead_letter\" needs 'dead_letter'");
        if (src.on_invalid != OnInvalid::dead_letter && !src.dead_letter.empty())
            plan.warnings.push_back("[source] dead_letter is not used: on_invalid is not \"dead_letter\"");
    }

    TimeFormat read_time_format(const TomlEntry& e) const {
        const std::string& v = want_string(e);
        static constexpr std::array<std::pair<std::string_view, TimeFormatKind>, 6> kinds{{
            {"auto", TimeFormatKind::auto_detect},
            {"rfc3339", TimeFormatKind::rfc3339},
            {"epoch_s", TimeFormatKind::epoch_s},
            {"epoch_ms", TimeFormatKind::epoch_ms},
            {"epoch_us", TimeFormatKind::epoch_us},
            {"epoch_ns", TimeFormatKind::epoch_ns},
        }};
        for (auto [name, kind] : kinds)
            if (v == name) return TimeFormat{kind, {}};
        if (v.find('%') != std::string::npos) return TimeFormat{TimeFormatKind::strftime, v};
        fail(e.value_pos, "time_format must be auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or a strftime pattern");
    }

    void read_watermark(const TomlEntry& section, Plan& plan) {
        WatermarkConfig& wm = plan.watermark;
        TomlEntries entries = entries_in_order(section_table(section, "[watermark]"));
        check_known_keys(entries, kWatermarkKeys, kWatermarkKeys, "[watermark]");
        const TomlEntry* late_events = nullptr;
        for (const TomlEntry& e : entries) {
            if (e.key == "max_out_of_orderness") {
                wm.max_out_of_orderness = want_non_negative_duration(e);
            } else if (e.key == "allowed_lateness") {
                wm.allowed_lateness = want_non_negative_duration(e);
            } else if (e.key == "late_events") {
                const std::string& v = want_string(e);
                if (v == "drop") wm.late_events = LateEvents::drop;
                else if (v == "side_output") wm.late_events = LateEvents::side_output;
                else fail(e.value_pos, "late_events must be drop or side_output");
                late_events = &e;
            } else if (e.key == "late_output") {
                wm.late_output = want_string(e);
                if (wm.late_output.empty()) fail(e.value_pos, "'late_output' must not be empty");
            } else if (e.key == "idle_timeout") {
                wm.idle_timeout = want_duration_or_off(e, true);
            } else if (e.key == "max_future") {
                wm.max_future = want_duration_or_off(e, false);
            }
        }
        if (wm.late_events == LateEvents::side_output && wm.late_output.empty())
            fail(late_events->value_pos, "late_events = \"side_output\" needs 'late_output'");
        if (wm.late_events != LateEvents::side_output && !wm.late_output.empty())
            plan.warnings.push_back("[watermark] late_output is not used: late_events is not \"side_output\"");
    }

    void read_state(const TomlEntry& section, StateConfig& state) const {
        TomlEntries entries = entries_in_order(section_table(section, "[state]"));
        check_known_keys(entries, kStateKeys, kStateKeys, "[state]");
        for (const TomlEntry& e : entries) {
            if (e.key == "dir") {
                state.dir = want_string(e);
                if (state.dir.empty()) fail(e.value_pos, "'dir' must not be empty");
            } else if (e.key == "max_size") {
                const std::string& text = want_string(e);
                auto size = parse_byte_size(text);
                if (!size) fail(e.value_pos, "bad size " + in_quotes(text) + " for 'max_size'");
                if (*size == 0) fail(e.value_pos, "'max_size' must be positive");
                state.max_size = *size;
            } else if (e.key == "checkpoint_interval") {
                state.checkpoint_interval = want_positive_duration(e);
            } else if (e.key == "keys_in_memory") {
                const auto* n = e.value->as_integer();
                if (!n || n->get() < 0) fail(e.value_pos, "'keys_in_memory' must be a whole number, 0 or more");
                state.keys_in_memory = static_cast<uint64_t>(n->get());
            }
        }
    }

    void read_output(const TomlEntry& section, OutputConfig& output) {
        TomlEntries entries = entries_in_order(section_table(section, "[output]"));
        check_known_keys(entries, kOutputKeys, kOutputKeys, "[output]");
        if (const TomlEntry* e = find_entry(entries, "time_format")) {
            const std::string& v = want_string(*e);
            if (v == "rfc3339") output.time_format = OutputTimeFormat::rfc3339;
            else if (v == "epoch_s") output.time_format = OutputTimeFormat::epoch_s;
            else if (v == "epoch_ms") output.time_format = OutputTimeFormat::epoch_ms;
            else if (v == "epoch_us") output.time_format = OutputTimeFormat::epoch_us;
            else if (v == "epoch_ns") output.time_format = OutputTimeFormat::epoch_ns;
            else fail(e->value_pos, "[output] time_format must be rfc3339, epoch_s, epoch_ms, epoch_us or epoch_ns");
        }
        if (const TomlEntry* e = find_entry(entries, "format")) {
            const std::string& v = want_string(*e);
            if (v == "ndjson") output.format = OutputFormat::ndjson;
            else if (v == "csv") output.format = OutputFormat::csv;
            else if (v == "tsv") output.format = OutputFormat::tsv;
            else fail(e->value_pos, "[output] format must be ndjson, csv or tsv");
            format_pos_ = e->value_pos;
        }
    }

    // A case's run options: the few that change what a run prints (--now for max_future and
    // idle_timeout, --format for csv/tsv), as ["--now", "2024-05-01T10:00:00Z"].
    void read_test_args(const TomlEntry& e, TestCase& tc) const {
        const toml::array* a = e.value->as_array();
        if (!a || !a->is_homogeneous(toml::node_type::string)) fail(e.value_pos, "'args' must be an array of strings");
        for (size_t i = 0; i < a->size(); i += 2) {
            const std::string& flag = (*a)[i].as_string()->get();
            const SourcePos pos = pos_of((*a)[i].source());
            if (flag != "--now" && flag != "--format")
                fail(pos, "'args' may hold --now and --format, each followed by its value; not " + in_quotes(flag));
            if (i + 1 >= a->size()) fail(pos, in_quotes(flag) + " needs a value");
            const std::string& value = (*a)[i + 1].as_string()->get();
            if (flag == "--now") {
                tc.now = value;
            } else if (value == "ndjson" || value == "csv" || value == "tsv") {
                tc.format = value == "csv" ? OutputFormat::csv : value == "tsv" ? OutputFormat::tsv : OutputFormat::ndjson;
            } else {
                fail(pos_of((*a)[i + 1].source()), "--format must be ndjson, csv or tsv");
            }
        }
    }

    void read_tests(const TomlEntry& section, Plan& plan) const {
        std::filesystem::path base = std::filesystem::path(path()).parent_path();
        auto resolve = [&](const std::string& file) {
            if (base.empty() || std::filesystem::path(file).is_absolute()) return file;
            return (base / file).string();
        };
        for (const toml::table* t : array_of_tables(section)) {
            TestCase tc;
            tc.pos = pos_of(t->source());
            TomlEntries entries = entries_in_order(*t);
            check_known_keys(entries, kTestKeys, kTestKeys, "[[test]]");
            const TomlEntry* input = nullptr;
            const TomlEntry* expected = nullptr;
            for (const TomlEntry& e : entries) {
                if (e.key == "args") {
                    read_test_args(e, tc);
                    continue;
                }
                const std::string& v = want_string(e);
                // The second of a pair is the one in the way.
                const TomlEntry*& slot = (e.key == "input" || e.key == "input_file") ? input : expected;
                if (e.key != "name" && slot)
                    fail(e.key_pos, in_quotes(e.key) + " cannot be used with " + in_quotes(slot->key));
                if (e.key == "name") tc.name = v;
                else if (e.key == "input") tc.input = v;
                else if (e.key == "expected") tc.expected = v;
                else if (e.key == "input_file") tc.input_file = resolve(v);
                else if (e.key == "expected_file") tc.expected_file = resolve(v);
                if (e.key != "name") slot = &e;
            }
            if (!input) fail(tc.pos, "test needs 'input' or 'input_file'");
            if (tc.name.empty()) tc.name = "test " + std::to_string(plan.tests.size() + 1);
            plan.tests.push_back(std::move(tc));
        }
    }
};

}  // namespace

Plan parse_plan(std::string_view toml_text, const std::string& display_path) {
    PlanReader reader(display_path, toml_text);
    if (toml_text.size() > kMaxPipelineFileBytes)
        throw EddyError(ExitCode::config, display_path + ": a pipeline file may be at most 1 MiB");
    toml::table root;
    try {
        root = parse_toml_document(toml_text, display_path);
    } catch (const toml::parse_error& e) {
        reader.fail(pos_of(e.source()), std::string(e.description()));
    }
    return reader.read(root);
}

Plan load_plan_file(const std::string& path) {
    auto cannot_read = [&](int err) { return EddyError(ExitCode::no_input, path + ": " + std::strerror(err)); };
    const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC), true);
    if (fd.get() < 0) throw cannot_read(errno);
    std::string text;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw cannot_read(errno);
        if (n == 0) break;
        text.append(buf, static_cast<size_t>(n));
        if (text.size() > kMaxPipelineFileBytes) break;  // parse_plan refuses it; read no more
    }
    return parse_plan(text, path);
}

}  // namespace eddy
