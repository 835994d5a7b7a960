// The single-threaded driver loop. Per line: blank/oversize check, one-pass extraction,
// time, max_future; a valid event goes through the chain, then W advances and fires.
#include "engine/runner.hpp"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "config/table_columns.hpp"
#include "core/one_line.hpp"
#include "core/stop_request.hpp"
#include "engine/dead_letter.hpp"
#include "engine/field_presence.hpp"
#include "engine/loss_summary.hpp"
#include "engine/pipeline.hpp"
#include "engine/run_counters.hpp"
#include "io/line_reader.hpp"
#include "io/output_sink.hpp"
#include "io/table_writer.hpp"
#include "json/record_extractor.hpp"
#include "state/checkpointer.hpp"
#include "time/time_format_hint.hpp"
#include "time/time_output.hpp"
#include "time/time_parser.hpp"
#include "time/watermark.hpp"

namespace eddy {

namespace {

void on_signal(int sig) { request_stop(sig); }

void install_signal_handlers() {
    std::signal(SIGPIPE, SIG_IGN);
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a read blocked on an idle pipe returns EINTR and the run stops
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr);
}

int exit_code_for_signal(int sig) {
    switch (sig) {
        case SIGHUP: return static_cast<int>(ExitCode::hangup);
        case SIGINT: return static_cast<int>(ExitCode::interrupted);
        default: return static_cast<int>(ExitCode::terminated);
    }
}

bool is_blank(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
}

std::string time_text(Watermark w) {
    if (w.is_min_infinity()) return "null";
    if (w.is_max_infinity()) return "\"+inf\"";
    std::string s;
    append_time_bound(s, w, OutputTimeFormat::rfc3339);
    return s;
}

class Run final : public RecordSink, public LateEventSink {
public:
    // Order matters: every input is opened first (a missing one fails before anything is
    // written, reset or committed), then the state dir is locked and opened, then output files
    // are cut back to their committed lengths and opened.
    Run(const Plan& plan, const RunOptions& opts)
        : plan_(plan),
          opts_(opts),
          inputs_(open_inputs(opts)),
          checkpointer_(open_state(plan, opts)),
          output_(opts.output.empty() ? OutputSink::open_stdout() : open_output("output", opts.output)),
          pipeline_(plan, *this, *this),
          extractor_(pipeline_.source_fields()),
          fields_(std::max<size_t>(pipeline_.source_fields().slot_count(), 1)),
          time_parser_(make_time_parser(plan)),
          watermark_(plan.watermark.max_out_of_orderness) {
        if (plan.watermark.late_events == LateEvents::side_output)
            late_output_.emplace(open_output("late_output", plan.watermark.late_output));
        if (plan.source.on_invalid == OnInvalid::dead_letter)
            dead_letter_.emplace(open_output("dead_letter", plan.source.dead_letter));
        if (checkpointer_) {
            if (!opts.output.empty()) checkpointer_->track_output("output", opts.output, output_);
            if (late_output_) checkpointer_->track_output("late_output", plan.watermark.late_output, *late_output_);
            if (dead_letter_) checkpointer_->track_output("dead_letter", plan.source.dead_letter, *dead_letter_);
            const SourceState restored = checkpointer_->restore(pipeline_, watermark_);
            arrivals_before_ = restored.arrivals;
            last_event_wall_ = restored.last_event_wall;
        }
        if (plan.watermark.max_future) {
            EventTime now = opts.now ? *opts.now : EventTime(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                                  std::chrono::system_clock::now().time_since_epoch())
                                                                  .count());
            future_limit_ = now + *plan.watermark.max_future;
        }
        progress_ = opts.progress ? *opts.progress : ::isatty(2) == 1;
        for (const auto& [what, slot] : pipeline_.named_source_fields()) presence_.watch(what, slot);
        if (plan.output.format != OutputFormat::ndjson) {
            auto columns = table_columns(plan);
            if (!columns) throw EddyError(ExitCode::config, plan.path + ": " + columns.error().message);
            table_.emplace(plan.output.format, std::move(columns.value()));
            // Once per output file: a file that already holds rows (an earlier run's) has its header.
            if (output_.length() == 0) table_->append_header(output_.buffer());
        }
    }

    int run() {
        const auto started = std::chrono::steady_clock::now();
        last_progress_ = started;
        for (InputStream& in : inputs_) {
            read_input(in);
            if (stop_signal()) break;
        }
        // A cron run that found nothing new still moves W on once the input has been idle long enough.
        if (plan_.watermark.idle_timeout && !stop_signal()) idle_wait();
        // Without a state dir every run drains; with one, only when asked (SPEC §1 --drain).
        if (!stop_signal() && (!checkpointer_ || opts_.drain)) {
            pipeline_.advance(Watermark::max_infinity());
            if (checkpointer_) pipeline_.rewind_after_drain();
        }
        flush_outputs();
        if (checkpointer_) checkpoint();
        counters_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (progress_) std::fputs("\n", stderr);
        const RunCounters totals = collect_counters();
        if (!opts_.quiet)
            for (const std::string& line : losses_.summary(totals, plan_))
                std::fprintf(stderr, "eddy: warning: %s\n", one_line(line).c_str());
        if (!opts_.quiet)
            for (const std::string& line : presence_.never_seen(counters_.events_in))
                std::fprintf(stderr, "eddy: warning: %s\n", one_line(line).c_str());
        if (opts_.stats) std::fprintf(stderr, "%s\n", format_stats(totals).c_str());
        return stop_signal() ? exit_code_for_signal(stop_signal()) : 0;
    }

    void write_record(std::string_view bytes) override {
        if (table_) table_->append_row(bytes, output_.buffer());
        else output_.append_line(bytes);
        output_.maybe_flush();  // a drain may emit far more than one line's worth
        ++counters_.records_out;
    }

    void on_late(const Event& e) override {
        if (late_output_) {
            late_output_->append_line(e.record);
            late_output_->maybe_flush();
        }
    }

private:
    static std::optional<Checkpointer> open_state(const Plan& plan, const RunOptions& opts) {
        const std::string& dir = opts.state_dir.empty() ? plan.state.dir : opts.state_dir;
        if (dir.empty()) {
            if (opts.reset_state || opts.wait)
                throw EddyError(ExitCode::usage, "--reset-state and --wait need a state dir (--state DIR or [state] dir)");
            return std::nullopt;
        }
        return std::optional<Checkpointer>(std::in_place, plan, dir, opts.wait, opts.reset_state);
    }

    static std::vector<InputStream> open_inputs(const RunOptions& opts) {
        std::vector<InputStream> inputs;
        if (opts.inputs.empty()) inputs.push_back(InputStream::open("-"));
        for (const std::string& path : opts.inputs) inputs.push_back(InputStream::open(path));
        return inputs;
    }

    OutputSink open_output(const std::string& role, const std::string& path) {
        if (checkpointer_) checkpointer_->prepare_output(role, path);
        OutputSink sink = OutputSink::open_file(path);
        if (checkpointer_) checkpointer_->first_use(role, path, sink.length());
        return sink;
    }

    // One input, from its cursor when the state dir has one. With a state dir a file's final
    // line without '\n' waits for the next run (it may still be being written) unless --drain.
    void read_input(InputStream& in) {
        ResumePoint from;
        if (checkpointer_) {
            from = checkpointer_->resume(in, opts_.quiet);
            in.skip_to(from.offset);
        }
        LineReaderOptions options;
        options.first_line_number = from.lines + 1;
        LineReader reader(std::move(in), options);
        // Before a read that would block (a live pipe): flush, and checkpoint when one is due,
        // so a trickle of events is committed on time too.
        reader.set_would_block_hook([this] {
            flush_outputs();
            if (checkpointer_ && checkpointer_->due()) checkpoint();
        });
        if (plan_.watermark.idle_timeout) reader.set_wait_limit([this] { return idle_wait(); });
        InputStream& stream = reader.input();
        const std::string& name = stream.display_name();
        const bool hold_unterminated = checkpointer_ && !opts_.drain && stream.identity().regular;
        uint64_t offset = from.offset, lines = from.lines;
        if (checkpointer_) checkpointer_->reading(&stream, offset, lines);
        Line line;
        while (reader.next(line)) {
            if (stop_signal()) break;
            if (!line.terminated && hold_unterminated) break;
            on_line(line, name, reader);
            offset = line.end_offset;
            lines = line.number;
            if (checkpointer_) {
                checkpointer_->reading(&stream, offset, lines);
                if ((lines & 1023) == 0 && checkpointer_->due()) checkpoint();
            }
        }
        counters_.bytes += offset - from.offset;
        if (checkpointer_) checkpointer_->finished(stream, offset, lines);
    }

    // stdout is flushed too: a row still in its buffer must not be behind a committed cursor
    // (a closed pipe would lose it for good).
    void checkpoint() {
        output_.flush();
        checkpointer_->checkpoint(pipeline_, watermark_, arrivals_before_ + counters_.events_in, last_event_wall_);
        // Everything is stored now: a run that has met many keys starts over in memory.
        if (pipeline_.keys().size() > plan_.state.keys_in_memory) pipeline_.forget_state();
    }

    EventTime wall_clock() const {
        if (opts_.now) return *opts_.now;
        return EventTime(std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count());
    }

    // idle_timeout (SPEC §3): once no event has arrived for that long of wall time, event time is
    // taken to have moved on with the wall clock since the last event: W = largest event time
    // seen + wall time since the last event - max_out_of_orderness. Returns how long (ms) the
    // input may wait before this is looked at again (-1: nothing can change while it waits).
    int idle_wait() {
        if (last_event_wall_.is_min_infinity()) return -1;  // no event yet: nothing to extrapolate from
        const int64_t idle = plan_.watermark.idle_timeout->ns();
        const int64_t elapsed = std::max<int64_t>(0, wall_clock().ns() - last_event_wall_.ns());
        if (elapsed < idle) return static_cast<int>(std::min<int64_t>((idle - elapsed) / 1'000'000 + 1, 60'000));
        const Watermark target = watermark_.max_seen() + Duration(elapsed) - plan_.watermark.max_out_of_orderness;
        if (target > watermark_.current()) {
            watermark_.advance_to(target);
            pipeline_.advance(watermark_.current());
            flush_outputs();
        }
        if (checkpointer_ && checkpointer_->due()) checkpoint();
        return opts_.now ? -1 : 1000;  // a fixed clock (--now) does not move; a real one, every second
    }

    static TimeParser make_time_parser(const Plan& plan) {
        auto parser = TimeParser::create(plan.source.time_format, plan.source.timezone);
        if (!parser.ok()) throw EddyError(ExitCode::config, plan.path + ": " + parser.error().message);
        return std::move(parser.value());
    }

    void on_line(const Line& line, const std::string& name, LineReader& reader) {
        ++counters_.lines;
        if (line.oversize) return invalid(line, name, "line longer than 64 MiB");
        if (is_blank(line.text)) {
            ++counters_.blank;
            return;
        }
        const size_t capacity = line.text.size() + reader.readable_after(line.text);
        std::string_view reason = extractor_.extract(line.text, capacity, fields_.data());
        if (!reason.empty()) return invalid(line, name, reason);
        const FieldValue& time_value = fields_[pipeline_.time_slot().index()];
        Result<EventTime> t = time_parser_.parse(time_value);
        if (!t.ok()) return invalid(line, name, t.error().message, &time_value);
        if (future_limit_ && t.value() > *future_limit_) return invalid(line, name, "time beyond max_future");

        ++counters_.events_in;
        presence_.observe(fields_.data());
        if (t.value() < watermark_.max_seen()) {
            int64_t behind = 0;  // saturates: times may be centuries apart
            if (__builtin_sub_overflow(watermark_.max_seen().ns(), t.value().ns(), &behind)) behind = INT64_MAX;
            losses_.disorder(Duration(behind));
        }
        if (plan_.watermark.idle_timeout) last_event_wall_ = wall_clock();
        Event e{t.value(), ArrivalSeq(arrivals_before_ + counters_.events_in), pipeline_.keys().global(), line.text,
                fields_.data()};
        pipeline_.push(e);
        watermark_.observe(t.value());
        pipeline_.advance(watermark_.current());
        output_.maybe_flush();
        if (progress_ && (counters_.lines & 0xffff) == 0) report_progress(reader);
    }

    // A time problem, said for a person: it names the field and, for a text in a layout eddy
    // knows, the time_format that reads it (SPEC §5). Dead letters keep the short reason.
    std::string describe_time_problem(std::string_view reason, const FieldValue& v) const {
        const std::string field = "'" + plan_.source.time_field.text + "'";
        if (v.kind == JsonKind::missing) return "missing time field " + field;
        std::string out = std::string(reason) + " in time field " + field;
        if (v.kind == JsonKind::string) out += time_format_hint_text(v.string);
        return out;
    }

    // `time_value`: the time field, when the time is what made the line invalid.
    void invalid(const Line& line, const std::string& name, std::string_view reason,
                 const FieldValue* time_value = nullptr) {
        ++counters_.invalid;
        losses_.invalid(reason);
        if (time_value && time_value->kind == JsonKind::string) losses_.unreadable_time(time_value->string);
        auto message = [&] { return time_value ? describe_time_problem(reason, *time_value) : std::string(reason); };
        switch (plan_.source.on_invalid) {
            case OnInvalid::fail:
                flush_outputs();
                // Escaped here: what() is a C string, and a NUL in the quoted time would cut it short.
                throw EddyError(ExitCode::data, fmt::format("{}:{}: {}", one_line(name), line.number, one_line(message())));
            case OnInvalid::dead_letter:
                append_dead_letter(dead_letter_->buffer(), reason, name, line.number, line.offset, line.text);
                dead_letter_->maybe_flush();
                return;
            case OnInvalid::skip:
                // Warn once per 1000 so a bad feed is visible without flooding the terminal.
                if (!opts_.quiet && (counters_.invalid - 1) % 1000 == 0)
                    std::fprintf(stderr, "eddy: warning: %s:%llu: %s (skipped; %llu invalid so far)\n",
                                 one_line(name).c_str(), static_cast<unsigned long long>(line.number),
                                 one_line(message()).c_str(), static_cast<unsigned long long>(counters_.invalid));
                return;
        }
    }

    void flush_outputs() {
        output_.flush();
        if (late_output_) late_output_->flush();
        if (dead_letter_) dead_letter_->flush();
    }

    RunCounters collect_counters() {
        RunCounters c = counters_;
        StageCounters s = pipeline_.stage_counters();
        c.late = s.late;
        c.no_window = s.no_window;
        c.duplicates = s.duplicates;
        c.filtered = s.filtered;
        c.wrong_type = pipeline_.agg_counters().wrong_type;
        c.non_finite = pipeline_.agg_counters().non_finite;
        c.keys = pipeline_.keys().size() - 1;  // the global key [] is not a user key
        c.open_windows = pipeline_.open_state();
        c.watermark = time_text(watermark_.current());
        if (checkpointer_) {
            c.checkpoints = checkpointer_->checkpoints();
            c.checkpoint_seconds = checkpointer_->checkpoint_seconds();
        }
        return c;
    }

    void report_progress(LineReader& reader) {
        auto now = std::chrono::steady_clock::now();
        double since = std::chrono::duration<double>(now - last_progress_).count();
        if (since < 0.5) return;
        uint64_t bytes = counters_.bytes + reader.bytes_consumed();
        double rate = (counters_.events_in - last_events_) / since;
        last_progress_ = now;
        last_events_ = counters_.events_in;
        std::fprintf(stderr, "\reddy: %.1f MB read, %llu events, %.0f events/s, W %s, %zu open   ", bytes / 1e6,
                     static_cast<unsigned long long>(counters_.events_in), rate,
                     time_text(watermark_.current()).c_str(), pipeline_.open_state());
    }

    const Plan& plan_;
    const RunOptions& opts_;
    std::vector<InputStream> inputs_;
    std::optional<Checkpointer> checkpointer_;
    OutputSink output_;
    std::optional<OutputSink> late_output_;
    std::optional<OutputSink> dead_letter_;
    Pipeline pipeline_;
    RecordExtractor extractor_;
    std::vector<FieldValue> fields_;
    TimeParser time_parser_;
    SourceWatermark watermark_;
    std::optional<EventTime> future_limit_;
    RunCounters counters_;
    LossTally losses_;
    FieldPresence presence_;
    std::optional<TableWriter> table_;  // csv / tsv output
    uint64_t arrivals_before_ = 0;  // valid events of earlier runs with this state dir (rules 15-16)
    EventTime last_event_wall_ = EventTime::min_infinity();  // wall clock at the last valid event
    bool progress_ = false;
    std::chrono::steady_clock::time_point last_progress_;
    uint64_t last_events_ = 0;
};

}  // namespace

Result<EventTime> parse_now(std::string_view text) {
    auto parser = TimeParser::create(TimeFormat{}, "UTC");
    if (!parser.ok()) return parser.error();
    FieldValue v;
    v.kind = JsonKind::string;
    v.string = text;
    v.raw = text;
    return parser.value().parse(v);
}

int run_pipeline(const Plan& plan, const RunOptions& options) {
    install_signal_handlers();
    Run run(plan, options);
    return run.run();
}

}  // namespace eddy
