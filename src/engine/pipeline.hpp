// The compiled stage chain of one pipeline: stages wired by links, one field plan per segment
// (the source's, then one after each window stage, whose rows the next stages read by name).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agg/aggregate.hpp"
#include "config/plan.hpp"
#include "json/field_plan.hpp"
#include "json/record_extractor.hpp"
#include "ops/stage.hpp"
#include "state/key_table.hpp"
#include "state/lmdb.hpp"

namespace eddy {

// Receives what the last stage outputs: a record's bytes, without the '\n'.
class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual void write_record(std::string_view bytes) = 0;
};

class Pipeline {
public:
    Pipeline(const Plan& plan, RecordSink& sink, LateEventSink& late);
    ~Pipeline();

    // The source segment's plan: what the extractor pulls from every input line.
    const FieldPlan& source_fields() const { return *segment_plans_.front(); }
    // The fields the stages of the source segment name, for the "never seen" warning:
    // (e.g. "key field 'user'", its slot).
    const std::vector<std::pair<std::string, FieldSlot>>& named_source_fields() const { return named_source_fields_; }
    FieldSlot time_slot() const { return time_slot_; }

    // One valid input event into the chain, then the source W after it (SPEC §3).
    void push(const Event& e);
    void advance(Watermark w);

    KeyTable& keys() { return keys_; }
    const AggCounters& agg_counters() const { return agg_counters_; }
    StageCounters stage_counters() const;
    // Every stage's state into a checkpoint / back from the state store (SPEC §6).
    void save(LmdbTxn& txn);
    void restore(const LmdbTxn& txn, const std::string& dir);
    void rewind_after_drain();
    // After a checkpoint: every stage drops its in-memory state, and the key table starts over.
    void forget_state();
    size_t open_state() const;

private:
    class Link;
    void name_source_fields(const StageSpec& spec, FieldPlan& fields);
    KeyTable keys_;
    AggCounters agg_counters_;
    RecordSink& sink_;
    std::vector<std::unique_ptr<FieldPlan>> segment_plans_;
    std::vector<std::unique_ptr<Stage>> stages_;
    std::vector<std::unique_ptr<Link>> links_;  // links_[i] carries stage i's output
    std::unique_ptr<Link> source_link_;         // carries the source's events into stage 0
    FieldSlot time_slot_;
    std::vector<std::pair<std::string, FieldSlot>> named_source_fields_;
};

}  // namespace eddy
