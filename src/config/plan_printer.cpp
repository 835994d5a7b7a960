// `eddy check` output: one line per section and stage, in the words of the pipeline file,
// so a user can see the defaults eddy filled in and how windows are aligned.
#include "config/plan_printer.hpp"

#include "config/aggregate_call.hpp"
#include "config/byte_size.hpp"
#include "time/duration.hpp"

namespace eddy {

namespace {

std::string time_format_text(const TimeFormat& f) {
    switch (f.kind) {
        case TimeFormatKind::auto_detect: return "auto";
        case TimeFormatKind::rfc3339: return "rfc3339";
        case TimeFormatKind::epoch_s: return "epoch_s";
        case TimeFormatKind::epoch_ms: return "epoch_ms";
        case TimeFormatKind::epoch_us: return "epoch_us";
        case TimeFormatKind::epoch_ns: return "epoch_ns";
        case TimeFormatKind::strftime: return "strftime '" + f.pattern + "'";
    }
    return "?";
}

std::string output_format_text(OutputTimeFormat f) {
    switch (f) {
        case OutputTimeFormat::rfc3339: return "rfc3339";
        case OutputTimeFormat::epoch_s: return "epoch_s";
        case OutputTimeFormat::epoch_ms: return "epoch_ms";
        case OutputTimeFormat::epoch_us: return "epoch_us";
        case OutputTimeFormat::epoch_ns: return "epoch_ns";
    }
    return "?";
}

std::string source_line(const SourceConfig& s) {
    std::string out = "source: time " + s.time_field.text + " (" + time_format_text(s.time_format) + ", " +
                      s.timezone + "), on_invalid ";
    switch (s.on_invalid) {
        case OnInvalid::skip: out += "skip"; break;
        case OnInvalid::fail: out += "fail"; break;
        case OnInvalid::dead_letter: out += "dead_letter to " + s.dead_letter; break;
    }
    return out;
}

std::string watermark_line(const WatermarkConfig& w) {
    std::string out = "watermark: max_out_of_orderness " + format_duration(w.max_out_of_orderness) +
                      ", allowed_lateness " + format_duration(w.allowed_lateness);
    out += w.late_events == LateEvents::drop ? ", late events dropped" : ", late events to " + w.late_output;
    if (w.idle_timeout) out += ", idle_timeout " + format_duration(*w.idle_timeout);
    if (w.max_future) out += ", max_future " + format_duration(*w.max_future);
    return out;
}

std::string stage_text_of(const StageSpec& s) {
    std::string out;
    switch (s.op) {
        case StageOp::key_by: {
            out = "key_by ";
            for (size_t i = 0; i < s.key_by.fields.size(); ++i) out += (i ? ", " : "") + s.key_by.fields[i].text;
            return out;
        }
        case StageOp::window: {
            const WindowSpec& w = s.window;
            switch (w.type) {
                case WindowType::tumbling:
                    out = "window tumbling " + format_duration(w.size) + " (offset " + format_duration(w.offset) + ")";
                    break;
                case WindowType::sliding:
                    out = "window sliding " + format_duration(w.size) + " every " + format_duration(w.slide) +
                          " (offset " + format_duration(w.offset) + ")";
                    break;
                case WindowType::session: out = "window session gap " + format_duration(w.gap); break;
            }
            for (size_t i = 0; i < w.aggregates.size(); ++i)
                out += (i ? ", " : ": ") + w.aggregates[i].name + " = " + aggregate_call_text(w.aggregates[i]);
            return out;
        }
        case StageOp::filter: return "filter where " + s.filter.where.text;
        case StageOp::select: {
            out = "select ";
            for (size_t i = 0; i < s.select.fields.size(); ++i) {
                const SelectField& f = s.select.fields[i];
                out += (i ? ", " : "") + (s.select.nested ? f.path.text : f.name + " = " + f.path.text);
            }
            return out;
        }
        case StageOp::dedup: {
            const DedupSpec& d = s.dedup;
            out = "dedup by ";
            if (d.whole_record) out += "key and the whole record";
            else if (d.fields.empty()) out += "key";
            else {
                out += "key and ";
                for (size_t i = 0; i < d.fields.size(); ++i) out += (i ? ", " : "") + d.fields[i].text;
            }
            out += d.within ? " within " + format_duration(*d.within) : " forever";
            return out;
        }
        case StageOp::sessionize: {
            const SessionizeSpec& z = s.sessionize;
            out = "sessionize gap " + format_duration(z.gap);
            if (z.max_duration) out += ", max_duration " + format_duration(*z.max_duration);
            return out + ", adds " + z.id_field + " and " + z.seq_field;
        }
    }
    return out;
}

std::string state_line(const StateConfig& s) {
    if (s.dir.empty()) return "state: in memory (drained at end of input)";
    return "state: " + s.dir + " (max_size " + format_byte_size(s.max_size) + ", checkpoint every " +
           format_duration(s.checkpoint_interval) + ", at most " + std::to_string(s.keys_in_memory) +
           " keys in memory)";
}

}  // namespace

std::string describe_plan(const Plan& plan) {
    std::string out = "pipeline " + plan.path + "\n";
    out += source_line(plan.source) + "\n";
    out += watermark_line(plan.watermark) + "\n";
    for (size_t i = 0; i < plan.stages.size(); ++i)
        out += "stage " + std::to_string(i + 1) + ": " + stage_text_of(plan.stages[i]) + "\n";
    if (plan.stages.empty()) out += "stages: none (valid records pass through)\n";
    out += state_line(plan.state) + "\n";
    if (plan.output.time_format != OutputTimeFormat::rfc3339)
        out += "output: window bounds as " + output_format_text(plan.output.time_format) + "\n";
    if (!plan.tests.empty()) out += "tests: " + std::to_string(plan.tests.size()) + "\n";
    for (const std::string& w : plan.warnings) out += "warning: " + w + "\n";
    return out;
}

std::string describe_stage(const StageSpec& stage) { return stage_text_of(stage); }

}  // namespace eddy
