// The state store of a run with a state dir (SPEC §6): opens and checks the dir, restores
// the pipeline, and commits checkpoints — operator state, watermark, cursors and committed
// output lengths in one LMDB transaction.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/plan.hpp"
#include "engine/pipeline.hpp"
#include "io/input_cursor.hpp"
#include "state/state_dir.hpp"

namespace eddy {

// The source's part of the state: its watermark and the arrival count that rules 15-16
// compare across runs.
struct SourceState {
    Watermark watermark = Watermark::min_infinity();
    EventTime max_seen = EventTime::min_infinity();
    uint64_t arrivals = 0;
    EventTime last_event_wall = EventTime::min_infinity();  // wall clock at the last valid event (idle_timeout)
};

// An output file's length as of the last checkpoint (SPEC §6 exactly-once files).
struct CommittedOutput {
    std::string role;  // "output", "late_output", "dead_letter"
    std::string path;
    uint64_t length = 0;
};

class StateStore {
public:
    // Locks and opens `dir` (waiting for the lock with `wait`), clears it with `reset`, and
    // refuses state written by a pipeline whose stateful stages differ (exit 78).
    StateStore(const Plan& plan, const std::string& dir, bool wait, bool reset);

    const std::string& dir() const { return dir_.path(); }
    const SourceState& source() const { return source_; }
    std::optional<InputCursor> cursor(const std::string& input_key) const;
    // The committed length of the file that had `role` at the last checkpoint, if it was `path`.
    std::optional<uint64_t> committed_length(const std::string& role, const std::string& path) const;

    // Reads what every run restores (watermarks); the stages read their keys' entries later,
    // on demand, through a read transaction kept open for the run and moved on at each commit.
    void restore(Pipeline& pipeline);
    // One atomic checkpoint. The caller has flushed and synced the output files first.
    void commit(Pipeline& pipeline, const SourceState& source, const std::map<std::string, InputCursor>& cursors,
                const std::vector<CommittedOutput>& outputs);
    // Records one output file's length alone (its first use with this state dir).
    void commit_output(const CommittedOutput& output);

    // For `eddy state info`: entries by kind, map bytes in use.
    static std::string fingerprint_of(const Plan& plan);

private:
    StateDir dir_;
    std::string fingerprint_;
    bool has_fingerprint_ = false;
    SourceState source_;
    std::map<std::string, InputCursor> cursors_;
    std::map<std::string, CommittedOutput> outputs_;
    std::unique_ptr<LmdbTxn> reader_;
};

// What an input's cursor is stored under: a plain file's absolute path; a compressed file's
// fingerprint (first bytes and size), so that a .gz renamed by logrotate is still known.
std::string cursor_key(InputStream& in);

}  // namespace eddy
