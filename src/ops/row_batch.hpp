// What one input event makes a stage emit (window rows, a fired session's records), rendered
// into one buffer and passed on in SPEC rule 20/24 order: (window_end, key text, window_start).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/time_types.hpp"
#include "ops/stage.hpp"
#include "state/key_table.hpp"

namespace eddy {

// Where a window's row or a session's records go in a batch (SPEC rules 20, 24).
struct FiringKey {
    EventTime end;
    KeyId key;
    EventTime start;
};
// (window_end, key text bytewise, window_start); texts are compared only between different keys.
bool fires_before(const KeyTable& keys, const FiringKey& a, const FiringKey& b);

class RowBatch {
public:
    explicit RowBatch(const KeyTable& keys) : keys_(keys) { text_.reserve(1 << 16); }

    // Opens a group (a window's row, or a session's records) that sorts by (end, key, start).
    void begin_group(EventTime end, KeyId key, EventTime start);
    // The buffer to render the next record of the open group into.
    std::string& text() { return text_; }
    // Closes the record rendered since the last call: an event at `time` for the next stage.
    void end_record(EventTime time);

    bool empty() const { return groups_.empty(); }
    // Sorts the groups, passes every record on in order and clears the batch. Each record gets
    // the next of this stage's output sequence numbers (its arrival order downstream).
    void emit(StageOutput& out);
    uint64_t records_emitted() const { return emitted_; }
    void restore_records_emitted(uint64_t n) { emitted_ = n; }

private:
    struct Record {
        size_t begin, end;  // a drain may fire many sessions' records at once
        EventTime time;
    };
    struct Group {
        FiringKey order;
        uint32_t first_record, record_count;
    };
    const KeyTable& keys_;
    std::string text_;
    std::vector<Record> records_;
    std::vector<Group> groups_;
    size_t record_begin_ = 0;
    uint64_t emitted_ = 0;
};

}  // namespace eddy
