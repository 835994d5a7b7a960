// Keys: 'S', the stage's index, the kind byte, then the stage's own suffix; values: the
// format byte, then the stage's fields (src/state/README.md lists every layout).
#include "state/stage_state.hpp"

#include <vector>

#include "core/error.hpp"

namespace eddy {

void state_corrupt(const std::string& dir, std::string_view what) {
    throw EddyError(ExitCode::io, dir + ": the state cannot be read (" + std::string(what) +
                                      " is damaged or was written by another version of eddy); "
                                      "use --reset-state to start over");
}

std::string StageStateWriter::prefix(char kind, std::string_view suffix) const {
    std::string k;
    k.push_back('S');
    k.push_back(static_cast<char>(stage_ >> 8));
    k.push_back(static_cast<char>(stage_ & 0xff));
    k.push_back(kind);
    k.append(suffix);
    return k;
}

ByteWriter StageStateWriter::begin_key(char kind) {
    key_ = prefix(kind, {});
    return ByteWriter(key_);
}

ByteWriter StageStateWriter::begin_value() {
    value_.clear();
    value_.push_back(static_cast<char>(kStateFormat));
    return ByteWriter(value_);
}

void StageStateWriter::put_marker(char kind, std::string_view key_suffix) {
    txn_.put(prefix(kind, key_suffix), std::string(1, static_cast<char>(kStateFormat)));
}

void StageStateWriter::del(char kind, std::string_view key_suffix) { txn_.del(prefix(kind, key_suffix)); }

void StageStateWriter::del_range(char kind, std::string_view from, std::string_view to) {
    txn_.del_range(prefix(kind, from), prefix(kind, to));
}

namespace {
std::string stage_prefix(uint16_t stage, char kind) {
    std::string p;
    p.push_back('S');
    p.push_back(static_cast<char>(stage >> 8));
    p.push_back(static_cast<char>(stage & 0xff));
    p.push_back(kind);
    return p;
}
}  // namespace

bool StageStateWriter::get(char kind, std::string_view suffix, std::string_view& value) const {
    if (!txn_.get(prefix(kind, suffix), value) || value.empty()) return false;
    value.remove_prefix(1);
    return true;
}

void StageStateWriter::scan_keys(char kind, std::string_view from, std::string_view to,
                                 const std::function<void(std::string_view)>& fn) const {
    const std::string p = prefix(kind, {});
    txn_.scan_range(p + std::string(from), p + std::string(to), [&](std::string_view key, std::string_view) {
        fn(key.substr(p.size()));
        return true;
    });
}

void StageStateReader::scan_prefix(char kind, std::string_view suffix_prefix,
                                   const std::function<void(std::string_view, ByteReader&)>& fn) const {
    const std::string kind_prefix = stage_prefix(stage_, kind);
    txn_.scan(kind_prefix + std::string(suffix_prefix), [&](std::string_view key, std::string_view value) {
        if (value.empty() || static_cast<uint8_t>(value[0]) != kStateFormat) state_corrupt(dir_, "a stage entry");
        ByteReader r(value.substr(1));
        fn(key.substr(kind_prefix.size()), r);
        return true;
    });
}

bool StageStateReader::get(char kind, std::string_view suffix, const std::function<void(ByteReader&)>& fn) const {
    std::string_view value;
    if (!txn_.get(stage_prefix(stage_, kind) + std::string(suffix), value)) return false;
    if (value.empty() || static_cast<uint8_t>(value[0]) != kStateFormat) state_corrupt(dir_, "a stage entry");
    ByteReader r(value.substr(1));
    fn(r);
    return true;
}

void StageStateReader::scan_keys(char kind, std::string_view from, std::string_view to,
                                 const std::function<bool(std::string_view)>& fn) const {
    const std::string p = stage_prefix(stage_, kind);
    txn_.scan_range(p + std::string(from), p + std::string(to),
                    [&](std::string_view key, std::string_view) { return fn(key.substr(p.size())); });
}

void scan_key_entries(const StageStateReader& r, char kind, std::string_view key_text,
                      const std::function<void(std::string_view, EventTime, ByteReader&)>& fn) {
    std::string prefix;
    ByteWriter(prefix).bytes(key_text);
    r.scan_prefix(kind, prefix, [&](std::string_view suffix, ByteReader& v) {
        ByteReader k(suffix);
        const std::string_view text = k.bytes();
        const EventTime start(k.ordered_i64());
        r.require(k, "an entry's key");
        fn(text, start, v);
    });
}

void write_window_meta(StageStateWriter& w, Watermark watermark, uint64_t rows_emitted) {
    ByteWriter m = w.begin_value();
    m.svarint(watermark.ns());
    m.varint(rows_emitted);
    w.begin_key('m');
    w.put();
}

void read_window_meta(const StageStateReader& r, Watermark& watermark, uint64_t& rows_emitted) {
    r.scan('m', [&](std::string_view, ByteReader& v) {
        watermark = Watermark(v.svarint());
        rows_emitted = v.varint();
        r.require(v, "a window stage's watermark");
    });
}

std::string time_index_key(EventTime at, std::string_view key_text, int64_t rest) {
    std::string k;
    ByteWriter b(k);
    b.ordered_i64(at.ns());
    b.bytes(key_text);
    b.ordered_i64(rest);
    return k;
}

void move_index_entry(StageStateWriter& w, char kind, EventTime& stored, int64_t stored_rest, EventTime at,
                      int64_t rest, std::string_view key_text) {
    if (stored == at && stored_rest == rest) return;
    if (!stored.is_min_infinity()) w.del(kind, time_index_key(stored, key_text, stored_rest));
    w.put_marker(kind, time_index_key(at, key_text, rest));
    stored = at;
}

void encode_key_spans(ByteWriter& w, const KeyTable& keys, KeyId key) {
    const std::string_view text = keys.text(key);
    const size_t n = keys.component_count(key);
    w.varint(n);
    for (size_t i = 0; i < n; ++i) {
        const std::string_view c = keys.component(key, i);
        w.varint(static_cast<uint64_t>(c.data() - text.data()));
        w.varint(c.size());
    }
}

KeyId decode_key(ByteReader& r, std::string_view text, KeyTable& keys) {
    const uint64_t n = r.varint();
    std::vector<std::string_view> components;
    for (uint64_t i = 0; i < n && !r.failed(); ++i) {
        const uint64_t offset = r.varint(), length = r.varint();
        if (offset > text.size() || length > text.size() - offset) {
            r.invalidate();
            break;
        }
        components.push_back(text.substr(offset, length));
    }
    if (r.failed() || text.empty()) return keys.global();
    return keys.intern(text, components);
}

}  // namespace eddy
