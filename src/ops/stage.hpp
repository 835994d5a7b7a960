// The stage contract (DESIGN "Stage chain"): a stage takes events one at a time and a
// watermark after each input event, and hands records, rows and the watermark downstream.
#pragma once
#include <string_view>

#include "core/time_types.hpp"
#include "json/field_value.hpp"
#include "state/key_table.hpp"
#include "state/stage_state.hpp"

namespace eddy {

// A record travelling down the chain. `fields` are the values of the current segment's
// field plan; `record` is the line's original bytes (or a row's text), never re-serialised.
struct Event {
    EventTime time;
    ArrivalSeq seq;
    KeyId key;
    std::string_view record;
    const FieldValue* fields = nullptr;
};

// Where a stage's output goes: the next stage, or the run's output after the last one.
class StageOutput {
public:
    virtual ~StageOutput() = default;
    // Passes a record on (pass-through stages; key_by passes it with a new key).
    virtual void emit_event(const Event& e) = 0;
    // A new record made by the stage (a window row), an event at `time` for the next stage.
    virtual void emit_row(std::string_view row, EventTime time, ArrivalSeq seq, KeyId key) = 0;
    // After the rows that W fires have been emitted, W itself moves on (Flink's rule, SPEC §3).
    virtual void emit_watermark(Watermark w) = 0;
};

// Receives the events a stage judged late for all of their windows (SPEC §3).
class LateEventSink {
public:
    virtual ~LateEventSink() = default;
    virtual void on_late(const Event& e) = 0;
};

// What a stage dropped, for --stats and the end-of-run summary.
struct StageCounters {
    uint64_t late = 0;        // events late for all of their windows / sessions / the dedup horizon
    uint64_t no_window = 0;   // events in a hole between sliding windows (rule 23)
    uint64_t duplicates = 0;  // dropped by dedup
    uint64_t filtered = 0;    // dropped by filter (asked for, so not in the loss summary)
};

class Stage {
public:
    virtual ~Stage() = default;
    virtual void on_event(const Event& e, StageOutput& out) = 0;
    // Called once per input event after it went through the whole chain (W may be unchanged),
    // and with +inf at a drain.
    virtual void on_watermark(Watermark w, StageOutput& out) = 0;
    // Open windows / sessions held, for --stats and --progress.
    virtual size_t open_state() const { return 0; }
    const StageCounters& counters() const { return counters_; }
    // A checkpoint: writes what changed since the last save (state/stage_state.hpp).
    virtual void save(StageStateWriter&) {}
    // At the start of a run with a state dir, before the first event.
    virtual void restore(const StageStateReader&) {}
    // After a drain (W = +inf) in a run with a state dir: the watermark goes back to where it
    // was, so a later run continues the stream instead of finding everything late.
    virtual void rewind_after_drain() {}
    // Right after a checkpoint (nothing dirty): drops the in-memory state; what is stored is
    // read again when it is needed. Keeps a long run's memory bounded by what it touches.
    virtual void forget_state() {}

protected:
    StageCounters counters_;
};

}  // namespace eddy
