// A StageOutput and LateEventSink that records what a stage emits, for the ops tests.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ops/stage.hpp"
#include "state/key_table.hpp"

namespace eddy {

struct StageCapture final : StageOutput, LateEventSink {
    std::vector<std::string> events;  // pass-through records
    std::vector<std::string> rows;
    std::vector<int64_t> row_times;
    std::vector<int64_t> late;
    std::vector<int64_t> watermarks;
    void emit_event(const Event& e) override { events.emplace_back(e.record); }
    void emit_row(std::string_view row, EventTime t, ArrivalSeq, KeyId) override {
        rows.emplace_back(row);
        row_times.push_back(t.ns());
    }
    void emit_watermark(Watermark w) override { watermarks.push_back(w.ns()); }
    void on_late(const Event& e) override { late.push_back(e.time.ns()); }
};

// The key ["k"] of a one-field key_by, interned like key_by does.
inline KeyId intern_key(KeyTable& keys, const std::string& k) {
    std::string text = "[\"" + k + "\"]";
    return keys.intern(text, {std::string_view(text).substr(1, text.size() - 2)});
}

}  // namespace eddy
