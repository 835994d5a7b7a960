// Stored state read on demand (DESIGN "lazy loading"): a stage reads a key's entries when the
// key first appears in a run, and the keys whose windows or sessions fall due as W advances,
// found through its due index ('t' + due + key text + ...), so a run touches only what it needs.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <absl/container/flat_hash_set.h>

#include "core/time_types.hpp"
#include "state/byte_codec.hpp"
#include "state/key_table.hpp"
#include "state/stage_state.hpp"

namespace eddy {

class LazyKeys {
public:
    explicit LazyKeys(const StageStateReader& reader) : reader_(reader) { find_next_due(); }

    const StageStateReader& reader() const { return reader_; }
    // True the first time `key` is seen in this run: the caller then reads its entries.
    bool first_sight(KeyId key) { return loaded_.insert(key).second; }
    // Calls load(key text) for each key not seen yet that has an entry due at or before `w`;
    // load() reads the key's entries and marks it seen (first_sight).
    template <class Load>
    void load_due(Watermark w, Load&& load) {
        if (!next_due_ || *next_due_ > w) return;
        std::string from, to;
        ByteWriter(from).ordered_i64(next_due_->ns());
        if (w.is_max_infinity()) to = std::string(9, '\xff');
        else ByteWriter(to).ordered_i64(w.ns() + 1);
        reader_.scan_keys('t', from, to, [&](std::string_view suffix) {
            ByteReader r(suffix);
            (void)r.ordered_i64();
            const std::string_view text = r.bytes();
            if (r.failed()) reader_.corrupt("a due-time index entry");
            const std::optional<KeyId> known = reader_.keys().find(text);
            if (!known || first_sight(*known)) load(text);
            return true;
        });
        scanned_to_ = w;
        find_next_due();
    }

    // The due index's key suffix for an entry of `key_text` due at `due`; `rest` tells apart
    // entries of one key with the same due time.
    static void due_key(std::string& out, EventTime due, std::string_view key_text, EventTime rest) {
        ByteWriter w(out);
        w.ordered_i64(due.ns());
        w.bytes(key_text);
        w.ordered_i64(rest.ns());
    }

private:
    void find_next_due() {
        next_due_.reset();
        if (scanned_to_.is_max_infinity()) return;
        std::string from;
        if (!scanned_to_.is_min_infinity()) ByteWriter(from).ordered_i64(scanned_to_.ns() + 1);
        reader_.scan_keys('t', from, std::string(9, '\xff'), [&](std::string_view suffix) {
            ByteReader r(suffix);
            next_due_ = EventTime(r.ordered_i64());
            return false;
        });
    }

    StageStateReader reader_;
    absl::flat_hash_set<KeyId> loaded_;
    Watermark scanned_to_ = Watermark::min_infinity();
    std::optional<EventTime> next_due_;  // the earliest stored due time not scanned yet
};

}  // namespace eddy
