// One stable sort per batch, comparing key texts only between different keys: a batch is
// usually a handful of rows, and its order is part of the output contract (SPEC §4).
#include "ops/row_batch.hpp"

#include <algorithm>

namespace eddy {

bool fires_before(const KeyTable& keys, const FiringKey& a, const FiringKey& b) {
    if (a.end != b.end) return a.end < b.end;
    if (a.key != b.key) {
        int c = keys.text(a.key).compare(keys.text(b.key));
        if (c != 0) return c < 0;
    }
    return a.start < b.start;
}

void RowBatch::begin_group(EventTime end, KeyId key, EventTime start) {
    groups_.push_back({{end, key, start}, static_cast<uint32_t>(records_.size()), 0});
    record_begin_ = text_.size();
}

void RowBatch::end_record(EventTime time) {
    const size_t end = text_.size();
    records_.push_back({record_begin_, end, time});
    ++groups_.back().record_count;
    record_begin_ = end;
}

void RowBatch::emit(StageOutput& out) {
    std::stable_sort(groups_.begin(), groups_.end(),
                     [this](const Group& a, const Group& b) { return fires_before(keys_, a.order, b.order); });
    const std::string_view all(text_);
    for (const Group& g : groups_) {
        for (uint32_t i = g.first_record; i < g.first_record + g.record_count; ++i) {
            const Record& r = records_[i];
            out.emit_row(all.substr(r.begin, r.end - r.begin), r.time, ArrivalSeq(++emitted_), g.order.key);
        }
    }
    groups_.clear();
    records_.clear();
    text_.clear();
    record_begin_ = 0;
}

}  // namespace eddy
