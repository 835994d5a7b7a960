// The validated pipeline: what a pipeline file (SPEC §2) says, with defaults filled in
// (SPEC §8 rule 1) and every value checked. Built by config/plan_loader; read by engine/.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agg/agg_kind.hpp"
#include "config/plan_types.hpp"
#include "expr/expression.hpp"
#include "core/time_types.hpp"
#include "time/time_format.hpp"

namespace eddy {

enum class OnInvalid { skip, fail, dead_letter };
enum class LateEvents { drop, side_output };

struct SourceConfig {
    FieldPath time_field;            // default "ts"
    TimeFormat time_format;          // default auto
    std::string timezone = "UTC";
    OnInvalid on_invalid = OnInvalid::skip;
    std::string dead_letter;         // required when on_invalid = dead_letter
};

struct WatermarkConfig {
    Duration max_out_of_orderness;   // default 0s
    Duration allowed_lateness;       // default 0s
    LateEvents late_events = LateEvents::drop;
    std::string late_output;         // required when late_events = side_output
    std::optional<Duration> idle_timeout;  // "off" = nullopt
    std::optional<Duration> max_future;    // "off" = nullopt
};

struct StateConfig {
    std::string dir;                 // empty = in memory, drained at end of input
    uint64_t max_size = uint64_t{4} << 30;
    Duration checkpoint_interval = Duration(10'000'000'000);
    // After a checkpoint, a run holding more keys than this drops its in-memory state and reads
    // back what it needs (state larger than RAM stays in LMDB's map).
    uint64_t keys_in_memory = 1'000'000;
};

enum class OutputFormat { ndjson, csv, tsv };

struct OutputConfig {
    OutputTimeFormat time_format = OutputTimeFormat::rfc3339;
    OutputFormat format = OutputFormat::ndjson;  // csv/tsv: only with a fixed row shape (table_columns)
};

enum class StageOp { filter, select, key_by, dedup, window, sessionize };

struct KeyBySpec {
    std::vector<FieldPath> fields;   // composite keys allowed; names print as written (rule 13)
};

struct AggSpec {
    std::string name;                // output field
    AggKind kind = AggKind::count;
    std::optional<FieldPath> field;  // absent for count()
    double quantile = 0;             // quantile(f, q)
    int64_t limit = 0;               // top_k(f, k), collect(f, limit)
    SourcePos pos;
};

enum class WindowType { tumbling, sliding, session };

struct WindowSpec {
    WindowType type = WindowType::tumbling;
    Duration size;                   // tumbling, sliding
    Duration slide;                  // sliding (tumbling: equals size)
    Duration gap;                    // session
    Duration offset;                 // already reduced modulo size (sliding: slide), in [0, size)
    std::vector<AggSpec> aggregates; // in declared order
};

// dedup: identity = (current key, values of `fields`); no fields = the key alone (rule 11, 14).
struct DedupSpec {
    std::vector<FieldPath> fields;   // empty = the current key alone
    bool whole_record = false;       // fields = ["*"]: the record's bytes
    std::optional<Duration> within;  // nullopt = "forever"
};

struct SessionizeSpec {
    Duration gap;
    std::optional<Duration> max_duration;
    std::string id_field = "session_id";
    std::string seq_field = "session_seq";
};

// filter: keep the events for which `where` is true (docs/filter-select.md).
struct FilterSpec {
    Expression where;
};

// select: a new object of these members. A list keeps each path (`nested`); a table names
// each member (`name` = a plain member name).
struct SelectField {
    std::string name;  // the table key, or the path as written
    FieldPath path;
    SourcePos pos;
};
struct SelectSpec {
    std::vector<SelectField> fields;
    bool nested = true;  // written as a list of paths
};

struct StageSpec {
    StageOp op = StageOp::key_by;
    SourcePos pos;                   // of the [[stage]] table
    KeyBySpec key_by;                // op == key_by
    WindowSpec window;               // op == window
    DedupSpec dedup;                 // op == dedup
    SessionizeSpec sessionize;       // op == sessionize
    FilterSpec filter;               // op == filter
    SelectSpec select;               // op == select
};

struct TestCase {
    std::string name;
    std::string input;               // inline text, or empty when input_file is set
    std::string expected;
    std::string input_file;          // resolved relative to the pipeline file
    std::string expected_file;
    std::string now;                    // args --now: the wall clock of the run, as written
    std::optional<OutputFormat> format; // args --format
    SourcePos pos;
};

struct Plan {
    std::string path;                // the pipeline file as named on the command line
    SourceConfig source;
    WatermarkConfig watermark;
    StateConfig state;
    OutputConfig output;
    std::vector<StageSpec> stages;
    std::vector<TestCase> tests;
    std::vector<std::string> warnings;  // for `eddy check`, e.g. sliding windows with holes
};

}  // namespace eddy
