// What a stage persists at a checkpoint, under its own key prefix ('S', stage index (2 bytes), kind):
// writes and deletes of the entries that changed, and the scan that restores them.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/time_types.hpp"
#include "state/byte_codec.hpp"
#include "state/key_table.hpp"
#include "state/lmdb.hpp"

namespace eddy {

// The first byte of every stored value; a value with another one was written by another
// version of eddy (or is damaged) and is refused, never read as garbage.
inline constexpr uint8_t kStateFormat = 2;  // 2: with the due, start, key and id indexes

// Throws EddyError(io) naming the state dir: state that cannot be read must not be guessed at.
[[noreturn]] void state_corrupt(const std::string& dir, std::string_view what);

class StageStateWriter {
public:
    StageStateWriter(LmdbTxn& txn, uint16_t stage) : txn_(txn), stage_(stage) {}
    // A value starts with kStateFormat: value() hands out a writer positioned after it.
    ByteWriter begin_value();
    ByteWriter begin_key(char kind);
    void put() { txn_.put(key_, value_); }
    void del(char kind, std::string_view key_suffix);
    // An index entry: the key is all there is (the value holds only the format byte).
    void put_marker(char kind, std::string_view key_suffix);
    // Deletes the keys of `kind` whose suffix is in [from, to).
    void del_range(char kind, std::string_view from, std::string_view to);
    // The value (after the format byte) stored under `kind` + `suffix` as this checkpoint sees it.
    bool get(char kind, std::string_view suffix, std::string_view& value) const;
    // fn(key suffix) for the stored keys of `kind` with suffix in [from, to), as this
    // checkpoint sees them.
    void scan_keys(char kind, std::string_view from, std::string_view to,
                   const std::function<void(std::string_view)>& fn) const;

private:
    std::string prefix(char kind, std::string_view suffix) const;
    LmdbTxn& txn_;
    uint16_t stage_;
    std::string key_, value_;
};

class StageStateReader {
public:
    StageStateReader(const LmdbTxn& txn, uint16_t stage, const std::string& dir, KeyTable& keys)
        : txn_(txn), stage_(stage), dir_(dir), keys_(keys) {}
    // Restored keys are interned here: they get this run's ids.
    KeyTable& keys() const { return keys_; }
    // fn(key suffix, value after the format byte) for every entry of `kind`, in key order.
    void scan(char kind, const std::function<void(std::string_view, ByteReader&)>& fn) const {
        scan_prefix(kind, {}, fn);
    }
    // The same for the entries whose suffix starts with `suffix_prefix`.
    void scan_prefix(char kind, std::string_view suffix_prefix,
                     const std::function<void(std::string_view, ByteReader&)>& fn) const;
    // The entry of `kind` with exactly this suffix: fn(value after the format byte); false when absent.
    bool get(char kind, std::string_view suffix, const std::function<void(ByteReader&)>& fn) const;
    // fn(key suffix) for the entries of `kind` with suffix in [from, to), until fn returns false.
    void scan_keys(char kind, std::string_view from, std::string_view to,
                   const std::function<bool(std::string_view)>& fn) const;
    // Reports a value that did not decode completely.
    void require(const ByteReader& r, std::string_view what) const {
        if (!r.complete()) state_corrupt(dir_, what);
    }
    [[noreturn]] void corrupt(std::string_view what) const { state_corrupt(dir_, what); }

private:
    const LmdbTxn& txn_;
    uint16_t stage_;
    const std::string& dir_;
    KeyTable& keys_;
};

// The entries of one key stored under `kind` + key text + start (windows, session windows):
// fn(key text, start, value).
void scan_key_entries(const StageStateReader& r, char kind, std::string_view key_text,
                      const std::function<void(std::string_view, EventTime, ByteReader&)>& fn);

// A window stage's own 'm' entry: its watermark and the rows it has emitted (their arrival
// order downstream continues across runs).
void write_window_meta(StageStateWriter& w, Watermark watermark, uint64_t rows_emitted);
void read_window_meta(const StageStateReader& r, Watermark& watermark, uint64_t& rows_emitted);

// A time-index entry's key suffix: the time (a due time or a start), the key text, and `rest`,
// which tells apart entries of one key at the same time.
std::string time_index_key(EventTime at, std::string_view key_text, int64_t rest);

// Moves a time-index entry ('t' due, 'a' start: time + key text + rest) from where it was
// stored to where it belongs now; writes nothing when they are the same. `stored` is updated.
void move_index_entry(StageStateWriter& w, char kind, EventTime& stored, int64_t stored_rest, EventTime at,
                      int64_t rest, std::string_view key_text);

// A key's canonical text and the spans of its values (what KeyTable::intern needs): keys are
// stored by text, never by a run's dense ids.
void encode_key_spans(ByteWriter& w, const KeyTable& keys, KeyId key);
KeyId decode_key(ByteReader& r, std::string_view text, KeyTable& keys);

}  // namespace eddy
