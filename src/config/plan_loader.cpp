// Pipeline file -> Plan: walks the TOML document section by section, fills in the defaults
// of SPEC §8 rule 1 and stops at the first mistake with "file:line:column: message".
#include "config/plan_loader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <span>
#include <toml++/toml.h>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "config/aggregate_call.hpp"
#include "config/byte_size.hpp"
#include "config/field_path.hpp"
#include "config/name_suggestion.hpp"
#include "core/error.hpp"
#include "time/duration.hpp"

namespace eddy {

namespace {

using Names = std::span<const std::string_view>;

constexpr std::array<std::string_view, 6> kTopKeys{"source", "watermark", "state", "output", "stage", "test"};
constexpr std::array<std::string_view, 5> kSourceKeys{"time_field", "time_format", "timezone", "on_invalid", "dead_letter"};
constexpr std::array<std::string_view, 6> kWatermarkKeys{"max_out_of_orderness", "allowed_lateness", "late_events",
                                                         "late_output",          "idle_timeout",     "max_future"};
constexpr std::array<std::string_view, 3> kStateKeys{"dir", "max_size", "checkpoint_interval"};
constexpr std::array<std::string_view, 1> kOutputKeys{"time_format"};
constexpr std::array<std::string_view, 5> kTestKeys{"name", "input", "expected", "input_file", "expected_file"};

// Every key some stage op takes, so that a key of another op reads "does not apply"
// rather than "unknown".
constexpr std::array<std::string_view, 13> kStageKeys{"op",     "fields", "type",      "size",         "slide",
                                                      "gap",    "offset", "aggregate", "where",        "within",
                                                      "max_duration", "id_field", "seq_field"};
constexpr std::array<std::string_view, 2> kKeyByKeys{"op", "fields"};
constexpr std::array<std::string_view, 7> kWindowKeys{"op", "type", "size", "slide", "gap", "offset", "aggregate"};

constexpr std::array<std::string_view, 6> kStageOpNames{"filter", "select", "key_by", "dedup", "window", "sessionize"};
constexpr std::array<StageOp, 6> kStageOps{StageOp::filter, StageOp::select,     StageOp::key_by,
                                           StageOp::dedup,  StageOp::window,     StageOp::sessionize};

constexpr std::array<std::string_view, 3> kReservedOutputNames{"window_start", "window_end", "revision"};

bool contains(Names names, std::string_view name) { return std::find(names.begin(), names.end(), name) != names.end(); }

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

SourcePos pos_of(const toml::source_region& r) {
    return {static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

// One key = value of a table, with both positions: errors about the name point at the
// key, errors about the value at the value.
struct Entry {
    std::string_view key;
    SourcePos key_pos;
    const toml::node* value;
    SourcePos value_pos;
};
using Entries = std::vector<Entry>;

// toml++ iterates a table in key order; mistakes are reported in the order they were written.
Entries entries_in_order(const toml::table& table) {
    Entries out;
    for (auto&& [key, value] : table) out.push_back({key.str(), pos_of(key.source()), &value, pos_of(value.source())});
    std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
        return std::pair(a.key_pos.line, a.key_pos.column) < std::pair(b.key_pos.line, b.key_pos.column);
    });
    return out;
}

const Entry* find_entry(const Entries& entries, std::string_view key) {
    for (const Entry& e : entries)
        if (e.key == key) return &e;
    return nullptr;
}

std::string_view stage_op_name(StageOp op) {
    for (size_t i = 0; i < kStageOps.size(); ++i)
        if (kStageOps[i] == op) return kStageOpNames[i];
    return "?";
}

std::string_view window_type_name(WindowType t) {
    switch (t) {
        case WindowType::tumbling: return "tumbling";
        case WindowType::sliding: return "sliding";
        case WindowType::session: return "session";
    }
    return "?";
}

// Proper modulo: offsets before the epoch align like those after it (SPEC §8 rule 9).
Duration reduce_offset(Duration offset, Duration period) {
    int64_t r = offset.ns() % period.ns();
    return Duration(r < 0 ? r + period.ns() : r);
}

class PlanReader {
public:
    explicit PlanReader(const std::string& display_path) : path_(display_path) {}

    [[noreturn]] void fail(SourcePos pos, const std::string& message) const {
        throw EddyError(ExitCode::config,
                        path_ + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message);
    }

    Plan read(const toml::table& root) {
        Plan plan;
        plan.path = path_;
        plan.source.time_field = parse_field_path("ts").value();

        Entries top = entries_in_order(root);
        check_known_keys(top, kTopKeys, kTopKeys, "");
        if (const Entry* e = find_entry(top, "source")) read_source(*e, plan);
        if (const Entry* e = find_entry(top, "watermark")) read_watermark(*e, plan);
        if (const Entry* e = find_entry(top, "state")) read_state(*e, plan.state);
        if (const Entry* e = find_entry(top, "output")) read_output(*e, plan.output);
        if (const Entry* e = find_entry(top, "stage")) read_stages(*e, plan);
        if (const Entry* e = find_entry(top, "test")) read_tests(*e, plan);
        return plan;
    }

private:
    // `section` as the user wrote it ("[source]", "[[stage]]"); empty at the top level.
    void check_known_keys(const Entries& entries, Names known, Names suggestions, std::string_view section) const {
        for (const Entry& e : entries) {
            if (contains(known, e.key)) continue;
            std::string message = "unknown key " + in_quotes(e.key);
            if (!section.empty()) message += " in " + std::string(section);
            fail(e.key_pos, message + did_you_mean(e.key, suggestions));
        }
    }

    const toml::table& section_table(const Entry& e, std::string_view title) const {
        const toml::table* t = e.value->as_table();
        if (!t) fail(e.value_pos, std::string(title) + " must be a table");
        return *t;
    }

    std::vector<const toml::table*> array_of_tables(const Entry& e) const {
        const toml::array* a = e.value->as_array();
        if (!a || (!a->empty() && !a->is_array_of_tables())) fail(e.value_pos, in_quotes(e.key) + " must be an array of tables");
        std::vector<const toml::table*> out;
        for (const toml::node& n : *a) out.push_back(n.as_table());
        return out;
    }

    const std::string& want_string(const Entry& e) const {
        const auto* s = e.value->as_string();
        if (!s) fail(e.value_pos, in_quotes(e.key) + " must be a string");
        return s->get();
    }

    Duration want_duration(const Entry& e) const {
        const std::string& text = want_string(e);
        auto d = parse_duration(text);
        if (!d) fail(e.value_pos, "bad duration " + in_quotes(text) + " for " + in_quotes(e.key) + ": " + d.error().message);
        return d.value();
    }

    Duration want_positive_duration(const Entry& e) const {
        Duration d = want_duration(e);
        if (d <= Duration::zero()) fail(e.value_pos, in_quotes(e.key) + " must be positive");
        return d;
    }

    Duration want_non_negative_duration(const Entry& e) const {
        Duration d = want_duration(e);
        if (d < Duration::zero()) fail(e.value_pos, in_quotes(e.key) + " must not be negative");
        return d;
    }

    // "off" or a duration; `positive` says whether zero is meaningful.
    std::optional<Duration> want_duration_or_off(const Entry& e, bool positive) const {
        if (want_string(e) == "off") return std::nullopt;
        return positive ? want_positive_duration(e) : want_non_negative_duration(e);
    }

    FieldPath want_path(std::string_view key, const std::string& text, SourcePos pos) const {
        auto p = parse_field_path(text);
        if (!p) fail(pos, "bad field path " + in_quotes(text) + " for " + in_quotes(key) + ": " + p.error().message);
        return std::move(p.value());
    }

    void read_source(const Entry& section, Plan& plan) {
        SourceConfig& src = plan.source;
        Entries entries = entries_in_order(section_table(section, "[source]"));
        check_known_keys(entries, kSourceKeys, kSourceKeys, "[source]");
        const Entry* on_invalid = nullptr;
        for (const Entry& e : entries) {
            if (e.key == "time_field") {
                src.time_field = want_path(e.key, want_string(e), e.value_pos);
            } else if (e.key == "time_format") {
                src.time_format = read_time_format(e);
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
        if (src.on_invalid == OnInvalid::dead_letter && src.dead_letter.empty())
            fail(on_invalid->value_pos, "on_invalid = \"dead_letter\" needs 'dead_letter'");
        if (src.on_invalid != OnInvalid::dead_letter && !src.dead_letter.empty())
            plan.warnings.push_back("[source] dead_letter is not used: on_invalid is not \"dead_letter\"");
    }

    TimeFormat read_time_format(const Entry& e) const {
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

    void read_watermark(const Entry& section, Plan& plan) {
        WatermarkConfig& wm = plan.watermark;
        Entries entries = entries_in_order(section_table(section, "[watermark]"));
        check_known_keys(entries, kWatermarkKeys, kWatermarkKeys, "[watermark]");
        const Entry* late_events = nullptr;
        for (const Entry& e : entries) {
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

    void read_state(const Entry& section, StateConfig& state) const {
        Entries entries = entries_in_order(section_table(section, "[state]"));
        check_known_keys(entries, kStateKeys, kStateKeys, "[state]");
        for (const Entry& e : entries) {
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
            }
        }
    }

    void read_output(const Entry& section, OutputConfig& output) const {
        Entries entries = entries_in_order(section_table(section, "[output]"));
        check_known_keys(entries, kOutputKeys, kOutputKeys, "[output]");
        if (const Entry* e = find_entry(entries, "time_format")) {
            const std::string& v = want_string(*e);
            if (v == "rfc3339") output.time_format = OutputTimeFormat::rfc3339;
            else if (v == "epoch_s") output.time_format = OutputTimeFormat::epoch_s;
            else if (v == "epoch_ms") output.time_format = OutputTimeFormat::epoch_ms;
            else if (v == "epoch_us") output.time_format = OutputTimeFormat::epoch_us;
            else if (v == "epoch_ns") output.time_format = OutputTimeFormat::epoch_ns;
            else fail(e->value_pos, "[output] time_format must be rfc3339, epoch_s, epoch_ms, epoch_us or epoch_ns");
        }
    }

    void read_stages(const Entry& section, Plan& plan) {
        std::optional<size_t> key_stage;  // index, not pointer: plan.stages grows
        bool window_seen = false;
        for (const toml::table* t : array_of_tables(section)) {
            const KeyBySpec* key = key_stage ? &plan.stages[*key_stage].key_by : nullptr;
            StageSpec stage = read_stage(*t, plan, key);
            if (stage.op == StageOp::window) {
                if (window_seen && plan.watermark.allowed_lateness > Duration::zero())
                    fail(stage.pos, "a window with allowed_lateness cannot feed another window stage "
                                    "(its revisions would be counted twice)");
                window_seen = true;
            }
            if (stage.op == StageOp::key_by) key_stage = plan.stages.size();
            plan.stages.push_back(std::move(stage));
        }
    }

    // `key` is the key_by in force before this stage (nullptr: none); it is only read here,
    // before plan.stages grows.
    StageSpec read_stage(const toml::table& table, Plan& plan, const KeyBySpec* key) {
        StageSpec stage;
        stage.pos = pos_of(table.source());
        size_t number = plan.stages.size() + 1;
        Entries entries = entries_in_order(table);

        // The op decides which keys belong; with a usable op, suggestions come from its keys only.
        const Entry* op_entry = find_entry(entries, "op");
        std::optional<StageOp> op;
        if (op_entry && op_entry->value->is_string()) {
            const std::string& name = op_entry->value->as_string()->get();
            for (size_t i = 0; i < kStageOpNames.size(); ++i)
                if (name == kStageOpNames[i]) op = kStageOps[i];
        }
        Names op_keys = kStageKeys;
        if (op == StageOp::key_by) op_keys = kKeyByKeys;
        if (op == StageOp::window) op_keys = kWindowKeys;
        check_known_keys(entries, kStageKeys, op_keys, "[[stage]]");

        if (!op_entry) fail(stage.pos, "stage needs 'op'");
        const std::string& op_name = want_string(*op_entry);
        if (!op) fail(op_entry->value_pos, "unknown stage op " + in_quotes(op_name) + did_you_mean(op_name, kStageOpNames));
        if (*op != StageOp::key_by && *op != StageOp::window)
            fail(op_entry->value_pos, "stage op " + in_quotes(op_name) + " is not supported yet");
        stage.op = *op;

        for (const Entry& e : entries)
            if (!contains(op_keys, e.key))
                fail(e.key_pos, in_quotes(e.key) + " does not apply to a " + std::string(stage_op_name(*op)) + " stage");

        if (*op == StageOp::key_by) read_key_by(entries, stage);
        else read_window(entries, stage, number, plan, key);
        return stage;
    }

    void read_key_by(const Entries& entries, StageSpec& stage) const {
        const Entry* e = find_entry(entries, "fields");
        if (!e) fail(stage.pos, "key_by needs 'fields'");
        const toml::array* a = e->value->as_array();
        if (!a) fail(e->value_pos, "'fields' must be an array of strings");
        if (a->empty()) fail(e->value_pos, "'fields' must not be empty");
        if (!a->is_homogeneous(toml::node_type::string)) fail(e->value_pos, "'fields' must be an array of strings");
        for (const toml::node& n : *a) {
            const std::string& text = n.as_string()->get();
            SourcePos pos = pos_of(n.source());
            FieldPath path = want_path("fields", text, pos);
            // Key fields print under the name written (rule 13), so a repeat would print twice.
            for (const FieldPath& earlier : stage.key_by.fields)
                if (earlier.text == path.text) fail(pos, "key field " + in_quotes(text) + " is listed twice");
            stage.key_by.fields.push_back(std::move(path));
        }
    }

    void read_window(const Entries& entries, StageSpec& stage, size_t number, Plan& plan, const KeyBySpec* key) const {
        WindowSpec& w = stage.window;
        const Entry* type = find_entry(entries, "type");
        if (!type) fail(stage.pos, "window stage needs 'type'");
        const std::string& type_name = want_string(*type);
        if (type_name == "tumbling") w.type = WindowType::tumbling;
        else if (type_name == "sliding") w.type = WindowType::sliding;
        else if (type_name == "session") w.type = WindowType::session;
        else fail(type->value_pos, "window type must be tumbling, sliding or session");

        for (const Entry& e : entries) {
            bool applies = true;
            if (e.key == "slide") applies = w.type == WindowType::sliding;
            else if (e.key == "gap") applies = w.type == WindowType::session;
            else if (e.key == "size" || e.key == "offset") applies = w.type != WindowType::session;
            if (!applies)
                fail(e.key_pos, in_quotes(e.key) + " does not apply to a " + std::string(window_type_name(w.type)) + " window");
        }

        if (w.type != WindowType::session) {
            const Entry* size = find_entry(entries, "size");
            if (!size) fail(stage.pos, "window stage needs 'size'");
            w.size = want_positive_duration(*size);
            w.slide = w.size;
        }
        if (w.type == WindowType::sliding) {
            const Entry* slide = find_entry(entries, "slide");
            if (!slide) fail(stage.pos, "sliding window needs 'slide'");
            w.slide = want_positive_duration(*slide);
            if (w.slide > w.size)
                plan.warnings.push_back("stage " + std::to_string(number) + ": slide " + format_duration(w.slide) +
                                        " is larger than size " + format_duration(w.size) +
                                        ": events between windows belong to none");
        }
        if (w.type == WindowType::session) {
            const Entry* gap = find_entry(entries, "gap");
            if (!gap) fail(stage.pos, "session window needs 'gap'");
            w.gap = want_positive_duration(*gap);
        }
        if (const Entry* offset = find_entry(entries, "offset")) w.offset = reduce_offset(want_duration(*offset), w.slide);

        if (const Entry* aggs = find_entry(entries, "aggregate")) read_aggregates(*aggs, w, key);

        // Checked last, so that a session window is validated in full before it is refused.
        if (w.type == WindowType::session) fail(type->value_pos, "window type 'session' is not supported yet");
    }

    void read_aggregates(const Entry& section, WindowSpec& w, const KeyBySpec* key) const {
        const toml::table* t = section.value->as_table();
        if (!t) fail(section.value_pos, "'aggregate' must be a table");
        for (const Entry& e : entries_in_order(*t)) {
            if (e.key.empty()) fail(e.key_pos, "output name must not be empty");
            if (contains(kReservedOutputNames, e.key)) fail(e.key_pos, "output name " + in_quotes(e.key) + " is reserved");
            if (key)
                for (const FieldPath& f : key->fields)
                    if (f.text == e.key) fail(e.key_pos, "output name " + in_quotes(e.key) + " is already used by a key field");
            auto spec = parse_aggregate(e.key, want_string(e));
            if (!spec) fail(e.value_pos, spec.error().message);
            spec.value().pos = e.key_pos;
            w.aggregates.push_back(std::move(spec.value()));
        }
    }

    void read_tests(const Entry& section, Plan& plan) const {
        std::filesystem::path base = std::filesystem::path(path_).parent_path();
        auto resolve = [&](const std::string& file) {
            if (base.empty() || std::filesystem::path(file).is_absolute()) return file;
            return (base / file).string();
        };
        for (const toml::table* t : array_of_tables(section)) {
            TestCase tc;
            tc.pos = pos_of(t->source());
            Entries entries = entries_in_order(*t);
            check_known_keys(entries, kTestKeys, kTestKeys, "[[test]]");
            const Entry* input = nullptr;
            const Entry* expected = nullptr;
            for (const Entry& e : entries) {
                const std::string& v = want_string(e);
                // The second of a pair is the one in the way.
                const Entry*& slot = (e.key == "input" || e.key == "input_file") ? input : expected;
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

    std::string path_;
};

}  // namespace

Plan parse_plan(std::string_view toml_text, const std::string& display_path) {
    PlanReader reader(display_path);
    toml::table root;
    try {
        root = toml::parse(toml_text, std::string_view(display_path));
    } catch (const toml::parse_error& e) {
        reader.fail(pos_of(e.source()), std::string(e.description()));
    }
    return reader.read(root);
}

Plan load_plan_file(const std::string& path) {
    auto cannot_read = [&](int err) { return EddyError(ExitCode::no_input, path + ": " + std::strerror(err)); };
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw cannot_read(errno);
    std::string text;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            ::close(fd);
            throw cannot_read(err);
        }
        if (n == 0) break;
        text.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return parse_plan(text, path);
}

}  // namespace eddy
