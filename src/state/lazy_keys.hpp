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
    explicit LazyKeys(const StageStateReader& reader) : reader_(reader), due_('t'), started_('a') {
        due_.find_next(reader_);
        started_.find_next(reader_);
    }

    const StageStateReader& reader() const { return reader_; }
    // The stage dropped what it had read (right after a checkpoint wrote it): every key is
    // read again on its next sight. The due index is looked at again from where its last scan
    // ended (the checkpoint added the entries of what was in memory; what fell due before was
    // handled then); the start index from its beginning (the hold-back needs those sessions).
    void forget_loaded() {
        loaded_.clear();
        due_.find_next(reader_);
        started_ = IndexScan('a');
        started_.find_next(reader_);
    }
    // True the first time `key` is seen in this run: the caller then reads its entries.
    bool first_sight(KeyId key) { return loaded_.insert(key).second; }
    // Calls load(key text) for each key not seen yet that has an entry due at or before `w`
    // (the 't' index); load() reads the key's entries and marks it seen (first_sight).
    template <class Load>
    void load_due(Watermark w, Load&& load) {
        due_.load_through(w, *this, load);
    }
    // The same through the 'a' index: sessions starting at or before `t` (sessionize's hold-back).
    template <class Load>
    void load_started(EventTime t, Load&& load) {
        started_.load_through(t, *this, load);
    }

private:
    // One time-ordered index, scanned forward only: entries at or before the last scan were
    // handled then; later commits only add entries of keys already read.
    class IndexScan {
    public:
        explicit IndexScan(char kind) : kind_(kind) {}
        void find_next(const StageStateReader& reader) {
            next_.reset();
            if (scanned_to_.is_max_infinity()) return;
            std::string from;
            if (!scanned_to_.is_min_infinity()) ByteWriter(from).ordered_i64(scanned_to_.ns() + 1);
            reader.scan_keys(kind_, from, std::string(9, '\xff'), [&](std::string_view suffix) {
                ByteReader r(suffix);
                next_ = EventTime(r.ordered_i64());
                return false;
            });
        }
        template <class Load>
        void load_through(EventTime t, LazyKeys& lazy, Load& load) {
            if (!next_ || *next_ > t) return;
            std::string from, to;
            ByteWriter(from).ordered_i64(next_->ns());
            if (t.is_max_infinity()) to = std::string(9, '\xff');
            else ByteWriter(to).ordered_i64(t.ns() + 1);
            lazy.reader_.scan_keys(kind_, from, to, [&](std::string_view suffix) {
                ByteReader r(suffix);
                (void)r.ordered_i64();
                const std::string_view text = r.bytes();
                if (r.failed()) lazy.reader_.corrupt("a time index entry");
                const std::optional<KeyId> known = lazy.reader_.keys().find(text);
                if (!known || lazy.first_sight(*known)) load(text);
                return true;
            });
            scanned_to_ = t;
            find_next(lazy.reader_);
        }

    private:
        char kind_;
        EventTime scanned_to_ = EventTime::min_infinity();
        std::optional<EventTime> next_;  // the earliest entry not scanned yet
    };

    StageStateReader reader_;
    absl::flat_hash_set<KeyId> loaded_;
    IndexScan due_, started_;
};

}  // namespace eddy
