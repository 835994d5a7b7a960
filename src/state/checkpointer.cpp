// Output files are flushed and fdatasync'ed before the transaction that records their
// lengths commits: a crash in between leaves a file longer than committed, which the next
// run cuts back; never one shorter.
#include "state/checkpointer.hpp"

#include <cstdio>

#include "core/one_line.hpp"
#include "io/committed_file.hpp"

namespace eddy {

Checkpointer::Checkpointer(const Plan& plan, const std::string& dir, bool wait, bool reset)
    : store_(plan, dir, wait, reset),
      interval_(std::chrono::nanoseconds(plan.state.checkpoint_interval.ns())),
      next_(std::chrono::steady_clock::now() + interval_) {}

void Checkpointer::prepare_output(const std::string& role, const std::string& path) {
    cut_back_to_committed(path, store_.committed_length(role, output_key(path)));
}

void Checkpointer::first_use(const std::string& role, const std::string& path, uint64_t length) {
    const std::string key = output_key(path);
    if (!store_.committed_length(role, key)) store_.commit_output({role, key, length});
}

void Checkpointer::track_output(const std::string& role, const std::string& path, OutputSink& sink) {
    outputs_.push_back({role, output_key(path), &sink});
}

SourceState Checkpointer::restore(Pipeline& pipeline, SourceWatermark& watermark) {
    store_.restore(pipeline);
    const SourceState& s = store_.source();
    watermark.restore(s.watermark, s.max_seen);
    return s;
}

ResumePoint Checkpointer::resume(InputStream& in, bool quiet) {
    if (!in.identity().regular) return {};
    ResumePoint p = resume_point(store_.cursor(cursor_key(in)), in);
    if (!p.warning.empty() && !quiet) std::fprintf(stderr, "eddy: warning: %s\n", one_line(p.warning).c_str());
    return p;
}

void Checkpointer::finished(InputStream& in, uint64_t offset, uint64_t lines) {
    if (in.identity().regular) cursors_[cursor_key(in)] = cursor_after(in, offset, lines);
    if (current_ == &in) current_ = nullptr;
}

void Checkpointer::checkpoint(Pipeline& pipeline, const SourceWatermark& watermark, uint64_t arrivals,
                              EventTime last_event_wall) {
    const auto started = std::chrono::steady_clock::now();
    std::vector<CommittedOutput> lengths;
    for (const TrackedOutput& o : outputs_) {
        o.sink->sync();
        lengths.push_back({o.role, o.path, o.sink->length()});
    }
    std::map<std::string, InputCursor> cursors = cursors_;
    if (current_ && current_->identity().regular)
        cursors[cursor_key(*current_)] = cursor_after(*current_, offset_, lines_);
    store_.commit(pipeline, SourceState{watermark.current(), watermark.max_seen(), arrivals, last_event_wall}, cursors,
                  lengths);
    const auto done = std::chrono::steady_clock::now();
    next_ = done + interval_;
    ++checkpoints_;
    seconds_ += std::chrono::duration<double>(done - started).count();
}

}  // namespace eddy
