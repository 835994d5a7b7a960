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

#include "core/one_line.hpp"
#include "core/stop_request.hpp"
#include "engine/dead_letter.hpp"
#include "engine/pipeline.hpp"
#include "engine/run_counters.hpp"
#include "io/line_reader.hpp"
#include "io/output_sink.hpp"
#include "json/record_extractor.hpp"
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
    Run(const Plan& plan, const RunOptions& opts)
        : plan_(plan),
          opts_(opts),
          output_(opts.output.empty() ? OutputSink::open_stdout() : OutputSink::open_file(opts.output)),
          pipeline_(plan, *this, *this),
          extractor_(pipeline_.source_fields()),
          fields_(std::max<size_t>(pipeline_.source_fields().slot_count(), 1)),
          time_parser_(make_time_parser(plan)),
          watermark_(plan.watermark.max_out_of_orderness) {
        if (plan.watermark.late_events == LateEvents::side_output)
            late_output_.emplace(OutputSink::open_file(plan.watermark.late_output));
        if (plan.source.on_invalid == OnInvalid::dead_letter)
            dead_letter_.emplace(OutputSink::open_file(plan.source.dead_letter));
        if (plan.watermark.max_future) {
            EventTime now = opts.now ? *opts.now : EventTime(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                                  std::chrono::system_clock::now().time_since_epoch())
                                                                  .count());
            future_limit_ = now + *plan.watermark.max_future;
        }
        progress_ = opts.progress ? *opts.progress : ::isatty(2) == 1;
    }

    int run() {
        const auto started = std::chrono::steady_clock::now();
        last_progress_ = started;
        std::vector<std::string> inputs = opts_.inputs;
        if (inputs.empty()) inputs.push_back("-");
        for (const std::string& path : inputs) {
            LineReader reader(InputStream::open(path));
            reader.set_would_block_hook([this] { flush_outputs(); });
            const std::string& name = reader.input().display_name();
            Line line;
            while (reader.next(line)) {
                if (stop_signal()) break;
                on_line(line, name, reader);
            }
            counters_.bytes += reader.bytes_consumed();
            if (stop_signal()) break;
        }
        if (!stop_signal()) pipeline_.advance(Watermark::max_infinity());  // no state dir: always drain
        flush_outputs();
        counters_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (progress_) std::fputs("\n", stderr);
        if (opts_.stats) std::fprintf(stderr, "%s\n", format_stats(collect_counters()).c_str());
        return stop_signal() ? exit_code_for_signal(stop_signal()) : 0;
    }

    void write_record(std::string_view bytes) override {
        output_.append_line(bytes);
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
        Result<EventTime> t = time_parser_.parse(fields_[pipeline_.time_slot().index()]);
        if (!t.ok()) return invalid(line, name, t.error().message);
        if (future_limit_ && t.value() > *future_limit_) return invalid(line, name, "time beyond max_future");

        ++counters_.events_in;
        Event e{t.value(), ArrivalSeq(counters_.events_in), pipeline_.keys().global(), line.text, fields_.data()};
        pipeline_.push(e);
        watermark_.observe(t.value());
        pipeline_.advance(watermark_.current());
        output_.maybe_flush();
        if (progress_ && (counters_.lines & 0xffff) == 0) report_progress(reader);
    }

    void invalid(const Line& line, const std::string& name, std::string_view reason) {
        ++counters_.invalid;
        switch (plan_.source.on_invalid) {
            case OnInvalid::fail:
                flush_outputs();
                // Escaped here: what() is a C string, and a NUL in the quoted time would cut it short.
                throw EddyError(ExitCode::data, fmt::format("{}:{}: {}", one_line(name), line.number, one_line(reason)));
            case OnInvalid::dead_letter:
                append_dead_letter(dead_letter_->buffer(), reason, name, line.number, line.offset, line.text);
                dead_letter_->maybe_flush();
                return;
            case OnInvalid::skip:
                // Warn once per 1000 so a bad feed is visible without flooding the terminal.
                if ((counters_.invalid - 1) % 1000 == 0)
                    std::fprintf(stderr, "eddy: warning: %s:%llu: %s (skipped; %llu invalid so far)\n",
                                 one_line(name).c_str(), static_cast<unsigned long long>(line.number),
                                 one_line(reason).c_str(), static_cast<unsigned long long>(counters_.invalid));
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
        c.wrong_type = pipeline_.agg_counters().wrong_type;
        c.non_finite = pipeline_.agg_counters().non_finite;
        c.keys = pipeline_.keys().size() - 1;  // the global key [] is not a user key
        c.open_windows = pipeline_.open_state();
        c.watermark = time_text(watermark_.current());
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

void require_supported(const Plan& plan) {
    if (!plan.state.dir.empty())
        throw EddyError(ExitCode::config, plan.path + ": [state] dir: persisted state is not supported by this build yet");
    if (plan.watermark.idle_timeout)
        throw EddyError(ExitCode::config, plan.path + ": [watermark] idle_timeout is not supported by this build yet");
}

int run_pipeline(const Plan& plan, const RunOptions& options) {
    require_supported(plan);
    install_signal_handlers();
    Run run(plan, options);
    return run.run();
}

}  // namespace eddy
