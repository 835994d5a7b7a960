// A run's checkpoint policy (SPEC §6): when to checkpoint (every checkpoint_interval and at
// the end), what a checkpoint holds (the pipeline, the source W, the input cursors, the
// output files' lengths after they are synced), and where each input resumes.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/pipeline.hpp"
#include "io/input_cursor.hpp"
#include "io/output_sink.hpp"
#include "state/checkpoint.hpp"
#include "time/watermark.hpp"

namespace eddy {

class Checkpointer {
public:
    Checkpointer(const Plan& plan, const std::string& dir, bool wait, bool reset);

    // Cuts an output file back to its committed length before it is opened (rule 29).
    void prepare_output(const std::string& role, const std::string& path);
    // An output file opened for the first time with this state: its length now is committed
    // before anything is written to it, so a crash before the first checkpoint is cut back too.
    void first_use(const std::string& role, const std::string& path, uint64_t length);
    // The sinks whose lengths each checkpoint commits (after flushing and syncing them).
    void track_output(const std::string& role, const std::string& path, OutputSink& sink);

    // Restores the pipeline's state and the source watermark; returns what the source state holds.
    SourceState restore(Pipeline& pipeline, SourceWatermark& watermark);

    // Where `in` resumes; prints a warning when the file was truncated or rewritten.
    ResumePoint resume(InputStream& in, bool quiet);
    // The input being read and what of it has been consumed, for the next checkpoint.
    void reading(InputStream* in, uint64_t offset, uint64_t lines) {
        current_ = in;
        offset_ = offset;
        lines_ = lines;
    }
    // An input read to its end (or as far as this run goes).
    void finished(InputStream& in, uint64_t offset, uint64_t lines);

    // Cheap: true once checkpoint_interval has passed since the last checkpoint.
    bool due() const { return std::chrono::steady_clock::now() >= next_; }
    void checkpoint(Pipeline& pipeline, const SourceWatermark& watermark, uint64_t arrivals, EventTime last_event_wall);
    uint64_t checkpoints() const { return checkpoints_; }
    double checkpoint_seconds() const { return seconds_; }

private:
    struct TrackedOutput {
        std::string role, path;
        OutputSink* sink;
    };
    StateStore store_;
    std::chrono::steady_clock::duration interval_;
    std::chrono::steady_clock::time_point next_;
    std::map<std::string, InputCursor> cursors_;  // inputs finished in this run
    std::vector<TrackedOutput> outputs_;
    InputStream* current_ = nullptr;
    uint64_t offset_ = 0, lines_ = 0;
    uint64_t checkpoints_ = 0;
    double seconds_ = 0;
};

}  // namespace eddy
