// [[stage]] tables -> Plan::stages: the op picks the keys that belong, then key_by fields or
// a window's shape and aggregates are checked against the stages already read.
#include "config/stage_reader.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>

#include "config/aggregate_call.hpp"
#include "config/name_suggestion.hpp"
#include "config/toml_string_position.hpp"
#include "expr/expression_parser.hpp"
#include "time/duration.hpp"

namespace eddy {

namespace {

// Every key some stage op takes, so that a key of another op reads "does not apply"
// rather than "unknown".
constexpr std::array<std::string_view, 13> kStageKeys{"op",     "fields", "type",      "size",         "slide",
                                                      "gap",    "offset", "aggregate", "where",        "within",
                                                      "max_duration", "id_field", "seq_field"};
constexpr std::array<std::string_view, 2> kKeyByKeys{"op", "fields"};
// The most sliding windows one event may belong to (size / slide).
constexpr int64_t kMaxWindowsPerEvent = 100000;

constexpr std::array<std::string_view, 7> kWindowKeys{"op", "type", "size", "slide", "gap", "offset", "aggregate"};
constexpr std::array<std::string_view, 3> kDedupKeys{"op", "fields", "within"};
constexpr std::array<std::string_view, 2> kFilterKeys{"op", "where"};
constexpr std::array<std::string_view, 2> kSelectKeys{"op", "fields"};
constexpr std::array<std::string_view, 5> kSessionizeKeys{"op", "gap", "max_duration", "id_field", "seq_field"};

constexpr std::array<std::string_view, 6> kStageOpNames{"filter", "select", "key_by", "dedup", "window", "sessionize"};
constexpr std::array<StageOp, 6> kStageOps{StageOp::filter, StageOp::select,     StageOp::key_by,
                                           StageOp::dedup,  StageOp::window,     StageOp::sessionize};

constexpr std::array<std::string_view, 3> kReservedOutputNames{"window_start", "window_end", "revision"};

std::string_view stage_op_name(StageOp op) {
    for (size_t i = 0; i < kStageOps.size(); ++i)
        if (kStageOps[i] == op) return kStageOpNames[i];
    return "?";
}

bool is_stateful(StageOp op) { return op == StageOp::window || op == StageOp::dedup || op == StageOp::sessionize; }

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

class StageReader : TomlFieldReader {
public:
    explicit StageReader(const TomlFieldReader& fields) : TomlFieldReader(fields) {}

    void read_stages(const TomlEntry& section, Plan& plan) const {
        std::optional<size_t> key_stage;  // index, not pointer: plan.stages grows
        bool revising_window_seen = false;
        int64_t chain_windows = 1;  // window updates one input event can cause through the chain
        for (const toml::table* t : array_of_tables(section)) {
            const KeyBySpec* key = key_stage ? &plan.stages[*key_stage].key_by : nullptr;
            StageSpec stage = read_stage(*t, plan, key);
            if (stage.op == StageOp::window && stage.window.type != WindowType::session) {
                // Every row of a window joins all of its windows in the next stage, so the
                // costs multiply along a chain: the cap holds for the product.
                const WindowSpec& w = stage.window;
                const int64_t per_event = w.size.ns() / w.slide.ns() + (w.size.ns() % w.slide.ns() != 0);
                if (per_event > kMaxWindowsPerEvent / chain_windows)
                    fail(stage.pos, "with the window stages before it, each event would update " +
                                        std::to_string(per_event * chain_windows) +  // both <= the cap: no overflow
                                        " windows; at most " + std::to_string(kMaxWindowsPerEvent) + " are allowed");
                chain_windows *= per_event;
            }
            // SPEC §3: a window that re-emits revisions would have each revision counted again
            // by any stateful stage after it.
            if (revising_window_seen && is_stateful(stage.op))
                fail(stage.pos, "a window with allowed_lateness cannot feed " +
                                    std::string(stage.op == StageOp::window ? "another window" : "a " + std::string(stage_op_name(stage.op))) +
                                    " stage (its revisions would be counted twice)");
            if (stage.op == StageOp::window && plan.watermark.allowed_lateness > Duration::zero())
                revising_window_seen = true;
            if (stage.op == StageOp::dedup && stage.dedup.fields.empty() && !stage.dedup.whole_record && !key_stage)
                fail(stage.pos, "dedup without 'fields' deduplicates by the current key, so it needs a key_by before it");
            if (stage.op == StageOp::dedup && !stage.dedup.within && plan.state.dir.empty())
                plan.warnings.push_back("stage " + std::to_string(plan.stages.size() + 1) +
                                        ": dedup within \"forever\" without a state dir remembers ids for one run only");
            if (stage.op == StageOp::key_by) key_stage = plan.stages.size();
            plan.stages.push_back(std::move(stage));
        }
    }

private:
    // `key` is the key_by in force before this stage (nullptr: none); it is only read here,
    // before plan.stages grows.
    StageSpec read_stage(const toml::table& table, Plan& plan, const KeyBySpec* key) const {
        StageSpec stage;
        stage.pos = pos_of(table.source());
        size_t number = plan.stages.size() + 1;
        TomlEntries entries = entries_in_order(table);

        // The op decides which keys belong; with a usable op, suggestions come from its keys only.
        const TomlEntry* op_entry = find_entry(entries, "op");
        std::optional<StageOp> op;
        if (op_entry && op_entry->value->is_string()) {
            const std::string& name = op_entry->value->as_string()->get();
            for (size_t i = 0; i < kStageOpNames.size(); ++i)
                if (name == kStageOpNames[i]) op = kStageOps[i];
        }
        KeyNames op_keys = kStageKeys;
        if (op == StageOp::key_by) op_keys = kKeyByKeys;
        if (op == StageOp::window) op_keys = kWindowKeys;
        if (op == StageOp::dedup) op_keys = kDedupKeys;
        if (op == StageOp::sessionize) op_keys = kSessionizeKeys;
        if (op == StageOp::filter) op_keys = kFilterKeys;
        if (op == StageOp::select) op_keys = kSelectKeys;
        check_known_keys(entries, kStageKeys, op_keys, "[[stage]]");

        if (!op_entry) fail(stage.pos, "stage needs 'op'");
        const std::string& op_name = want_string(*op_entry);
        if (!op) fail(op_entry->value_pos, "unknown stage op " + in_quotes(op_name) + did_you_mean(op_name, kStageOpNames));
        stage.op = *op;

        for (const TomlEntry& e : entries)
            if (!contains_name(op_keys, e.key))
                fail(e.key_pos, in_quotes(e.key) + " does not apply to a " + std::string(stage_op_name(*op)) + " stage");

        switch (*op) {
            case StageOp::key_by: read_key_by(entries, stage); break;
            case StageOp::window: read_window(entries, stage, number, plan, key); break;
            case StageOp::dedup: read_dedup(entries, stage); break;
            case StageOp::sessionize: read_sessionize(entries, stage); break;
            case StageOp::filter: read_filter(entries, stage); break;
            case StageOp::select: read_select(entries, stage); break;
        }
        return stage;
    }

    void read_filter(const TomlEntries& entries, StageSpec& stage) const {
        const TomlEntry* e = find_entry(entries, "where");
        if (!e) fail(stage.pos, "filter stage needs 'where'");
        auto parsed = parse_expression(want_string(*e));
        if (!parsed) {
            const auto offset = static_cast<size_t>(std::max(parsed.error().column - 1, 0));
            fail(toml_string_position(text(), e->value_pos, offset), parsed.error().message + " in 'where'");
        }
        stage.filter.where = std::move(parsed.value());
    }

    void read_select(const TomlEntries& entries, StageSpec& stage) const {
        const TomlEntry* e = find_entry(entries, "fields");
        if (!e) fail(stage.pos, "select needs 'fields' (a list of paths or a table of name = path)");
        SelectSpec& sel = stage.select;
        if (const toml::array* a = e->value->as_array()) {
            if (a->empty()) fail(e->value_pos, "'fields' must not be empty");
            if (!a->is_homogeneous(toml::node_type::string)) fail(e->value_pos, "'fields' must be an array of strings");
            sel.nested = true;
            for (const toml::node& n : *a) {
                const std::string& path_text = n.as_string()->get();
                const SourcePos pos = pos_of(n.source());
                sel.fields.push_back({path_text, want_path("fields", path_text, pos), pos});
            }
        } else if (const toml::table* t = e->value->as_table()) {
            if (t->empty()) fail(e->value_pos, "'fields' must not be empty");
            sel.nested = false;
            for (const TomlEntry& f : entries_in_order(*t)) {
                if (f.key.empty()) fail(f.key_pos, "output name must not be empty");
                const std::string& path_text = want_string(f);
                sel.fields.push_back({std::string(f.key), want_path(f.key, path_text, f.value_pos), f.value_pos});
            }
        } else {
            fail(e->value_pos, "'fields' must be a list of paths or a table of name = path");
        }
        // A list keeps paths: one inside another would write the inner value twice.
        for (size_t i = 0; i < sel.fields.size(); ++i) {
            for (size_t j = 0; j < i; ++j) {
                const SelectField &earlier = sel.fields[j], &f = sel.fields[i];
                if (f.name == earlier.name) fail(f.pos, "field " + in_quotes(f.name) + " is listed twice");
                if (!sel.nested) continue;
                const auto& x = earlier.path.steps;
                const auto& y = f.path.steps;
                const size_t n = std::min(x.size(), y.size());
                if (std::equal(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n), y.begin())) {
                    if (x.size() == y.size()) fail(f.pos, "field " + in_quotes(f.name) + " is listed twice");
                    const SelectField& outer = x.size() < y.size() ? earlier : f;
                    const SelectField& inner = x.size() < y.size() ? f : earlier;
                    fail(f.pos, in_quotes(inner.name) + " lies inside " + in_quotes(outer.name) + ", which is selected as a whole");
                }
            }
        }
    }

    void read_dedup(const TomlEntries& entries, StageSpec& stage) const {
        DedupSpec& d = stage.dedup;
        if (const TomlEntry* e = find_entry(entries, "fields")) {
            const toml::array* a = e->value->as_array();
            if (!a) fail(e->value_pos, "'fields' must be an array of strings");
            if (a->empty()) fail(e->value_pos, "'fields' must not be empty (leave it out to deduplicate by the key)");
            if (!a->is_homogeneous(toml::node_type::string)) fail(e->value_pos, "'fields' must be an array of strings");
            for (const toml::node& n : *a) {
                const std::string& text = n.as_string()->get();
                SourcePos pos = pos_of(n.source());
                if (text == "*") {
                    if (a->size() != 1) fail(pos, "\"*\" (the whole record) must be the only entry of 'fields'");
                    d.whole_record = true;
                    continue;
                }
                d.fields.push_back(want_path("fields", text, pos));
            }
        }
        const TomlEntry* within = find_entry(entries, "within");
        if (!within) fail(stage.pos, "dedup stage needs 'within' (a duration, or \"forever\")");
        if (want_string(*within) != "forever") d.within = want_positive_duration(*within);
    }

    void read_sessionize(const TomlEntries& entries, StageSpec& stage) const {
        SessionizeSpec& s = stage.sessionize;
        const TomlEntry* gap = find_entry(entries, "gap");
        if (!gap) fail(stage.pos, "sessionize stage needs 'gap'");
        s.gap = want_positive_duration(*gap);
        if (const TomlEntry* e = find_entry(entries, "max_duration")) s.max_duration = want_positive_duration(*e);
        const TomlEntry* id = find_entry(entries, "id_field");
        if (id) s.id_field = want_field_name(*id);
        if (const TomlEntry* e = find_entry(entries, "seq_field")) {
            s.seq_field = want_field_name(*e);
            if (s.seq_field == s.id_field) fail(e->value_pos, "'seq_field' and 'id_field' must differ");
        } else if (id && s.id_field == s.seq_field) {
            fail(id->value_pos, "'id_field' and 'seq_field' must differ");
        }
    }

    // A name of a field that sessionize adds to each record.
    const std::string& want_field_name(const TomlEntry& e) const {
        const std::string& name = want_string(e);
        if (name.empty()) fail(e.value_pos, in_quotes(e.key) + " must not be empty");
        return name;
    }

    void read_key_by(const TomlEntries& entries, StageSpec& stage) const {
        const TomlEntry* e = find_entry(entries, "fields");
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

    void read_window(const TomlEntries& entries, StageSpec& stage, size_t number, Plan& plan,
                     const KeyBySpec* key) const {
        WindowSpec& w = stage.window;
        const TomlEntry* type = find_entry(entries, "type");
        if (!type) fail(stage.pos, "window stage needs 'type'");
        const std::string& type_name = want_string(*type);
        if (type_name == "tumbling") w.type = WindowType::tumbling;
        else if (type_name == "sliding") w.type = WindowType::sliding;
        else if (type_name == "session") w.type = WindowType::session;
        else fail(type->value_pos, "window type must be tumbling, sliding or session");

        for (const TomlEntry& e : entries) {
            bool applies = true;
            if (e.key == "slide") applies = w.type == WindowType::sliding;
            else if (e.key == "gap") applies = w.type == WindowType::session;
            else if (e.key == "size" || e.key == "offset") applies = w.type != WindowType::session;
            if (!applies)
                fail(e.key_pos, in_quotes(e.key) + " does not apply to a " + std::string(window_type_name(w.type)) + " window");
        }

        if (w.type != WindowType::session) {
            const TomlEntry* size = find_entry(entries, "size");
            if (!size) fail(stage.pos, "window stage needs 'size'");
            w.size = want_positive_duration(*size);
            w.slide = w.size;
        }
        if (w.type == WindowType::sliding) {
            const TomlEntry* slide = find_entry(entries, "slide");
            if (!slide) fail(stage.pos, "sliding window needs 'slide'");
            w.slide = want_positive_duration(*slide);
            // Each event joins ceil(size/slide) windows: past a bound a run would crawl or
            // exhaust memory instead of producing anything useful.
            const int64_t per_event = w.size.ns() / w.slide.ns() + (w.size.ns() % w.slide.ns() != 0);  // no overflow near int64 max
            if (per_event > kMaxWindowsPerEvent)
                fail(slide->value_pos, "a sliding window of " + format_duration(w.size) + " every " +
                                           format_duration(w.slide) + " puts each event in " +
                                           std::to_string(per_event) + " windows; at most " +
                                           std::to_string(kMaxWindowsPerEvent) + " are allowed");
            if (w.slide > w.size)
                plan.warnings.push_back("stage " + std::to_string(number) + ": slide " + format_duration(w.slide) +
                                        " is larger than size " + format_duration(w.size) +
                                        ": events between windows belong to none");
        }
        if (w.type == WindowType::session) {
            const TomlEntry* gap = find_entry(entries, "gap");
            if (!gap) fail(stage.pos, "session window needs 'gap'");
            w.gap = want_positive_duration(*gap);
        }
        if (const TomlEntry* offset = find_entry(entries, "offset")) w.offset = reduce_offset(want_duration(*offset), w.slide);

        if (const TomlEntry* aggs = find_entry(entries, "aggregate")) read_aggregates(*aggs, w, key);
    }

    void read_aggregates(const TomlEntry& section, WindowSpec& w, const KeyBySpec* key) const {
        const toml::table* t = section.value->as_table();
        if (!t) fail(section.value_pos, "'aggregate' must be a table");
        for (const TomlEntry& e : entries_in_order(*t)) {
            if (e.key.empty()) fail(e.key_pos, "output name must not be empty");
            if (contains_name(kReservedOutputNames, e.key)) fail(e.key_pos, "output name " + in_quotes(e.key) + " is reserved");
            if (key)
                for (const FieldPath& f : key->fields)
                    if (f.text == e.key) fail(e.key_pos, "output name " + in_quotes(e.key) + " is already used by a key field");
            auto spec = parse_aggregate(e.key, want_string(e));
            if (!spec) fail(e.value_pos, spec.error().message);
            spec.value().pos = e.key_pos;
            w.aggregates.push_back(std::move(spec.value()));
        }
    }
};

}  // namespace

void read_stages(const TomlFieldReader& fields, const TomlEntry& section, Plan& plan) {
    StageReader(fields).read_stages(section, plan);
}

}  // namespace eddy
