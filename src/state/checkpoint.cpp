// Keys outside the stages' 'S' prefix: 'M' meta (format, fingerprint, source), 'C' + input
// path (cursor), 'O' + role (committed output). All read at open; all written at commit.
#include "state/checkpoint.hpp"

#include <climits>
#include <cstdlib>

#include <fmt/format.h>
#include <xxhash.h>

#include "config/plan_printer.hpp"
#include "core/error.hpp"
#include "state/byte_codec.hpp"
#include "time/duration.hpp"

namespace eddy {

namespace {
constexpr std::string_view kFingerprintKey = "Mfingerprint";
constexpr std::string_view kSourceKey = "Msource";
constexpr std::string_view kFormatKey = "Mformat";
}  // namespace

std::string cursor_key(InputStream& in) {
    if (in.compression() != Compression::none) {
        const std::string_view head = in.head();
        return fmt::format("compressed:{:016x}:{}", XXH3_64bits(head.data(), head.size()), in.identity().size);
    }
    char buf[PATH_MAX];
    if (::realpath(in.display_name().c_str(), buf)) return buf;
    return in.display_name();
}

std::string StateStore::fingerprint_of(const Plan& plan) {
    // What decides the meaning of stored state: the stages (with their keys, windows and
    // aggregates, in the words `eddy check` prints) and the allowed lateness.
    std::string text = "lateness " + format_duration(plan.watermark.allowed_lateness) + "\n";
    // A filter or select holds no state: changing its expression or fields keeps the stored
    // state usable, but adding or removing one moves the stages after it.
    for (const StageSpec& s : plan.stages) {
        if (s.op == StageOp::filter) text += "filter\n";
        else if (s.op == StageOp::select) text += "select\n";
        else text += describe_stage(s) + "\n";
    }
    const XXH128_hash_t h = XXH3_128bits(text.data(), text.size());
    std::string out;
    ByteWriter w(out);
    w.fixed64(h.high64);
    w.fixed64(h.low64);
    return out;
}

StateStore::StateStore(const Plan& plan, const std::string& dir, bool wait, bool reset)
    : dir_(dir, plan.state.max_size, wait), fingerprint_(fingerprint_of(plan)) {
    if (reset) {
        LmdbTxn txn(dir_.env(), true);
        txn.del_range(std::string_view("\0", 1), "\xff\xff");
        txn.commit();
    }
    LmdbTxn txn(dir_.env(), false);
    std::string_view v;
    if (txn.get(kFormatKey, v) && (v.size() != 1 || static_cast<uint8_t>(v[0]) != kStateFormat))
        state_corrupt(dir_.path(), "the state format");
    if (txn.get(kFingerprintKey, v)) {
        if (v != fingerprint_)
            throw EddyError(ExitCode::config, dir_.path() + ": state was written by a different pipeline; use --reset-state");
        has_fingerprint_ = true;
    }
    if (txn.get(kSourceKey, v)) {
        ByteReader r(v);
        source_.watermark = Watermark(r.svarint());
        source_.max_seen = EventTime(r.svarint());
        source_.arrivals = r.varint();
        source_.last_event_wall = EventTime(r.svarint());
        if (!r.complete()) state_corrupt(dir_.path(), "the source watermark");
    }
    txn.scan("C", [&](std::string_view key, std::string_view value) {
        auto c = InputCursor::decode(value);
        if (!c) state_corrupt(dir_.path(), "an input cursor");
        cursors_.emplace(std::string(key.substr(1)), *c);
        return true;
    });
    txn.scan("O", [&](std::string_view key, std::string_view value) {
        ByteReader r(value);
        CommittedOutput o;
        o.role = std::string(key.substr(1));
        o.path = std::string(r.bytes());
        o.length = r.varint();
        if (!r.complete()) state_corrupt(dir_.path(), "a committed output length");
        outputs_.emplace(o.role, o);
        return true;
    });
}

std::optional<InputCursor> StateStore::cursor(const std::string& key) const {
    auto it = cursors_.find(key);
    if (it == cursors_.end()) return std::nullopt;
    return it->second;
}

std::optional<uint64_t> StateStore::committed_length(const std::string& role, const std::string& path) const {
    auto it = outputs_.find(role);
    if (it == outputs_.end() || it->second.path != path) return std::nullopt;
    return it->second.length;
}

void StateStore::restore(Pipeline& pipeline) {
    reader_ = std::make_unique<LmdbTxn>(dir_.env(), false);
    pipeline.restore(*reader_, dir_.path());
}

void StateStore::commit_output(const CommittedOutput& o) {
    LmdbTxn txn(dir_.env(), true);
    std::string v;
    ByteWriter w(v);
    w.bytes(o.path);
    w.varint(o.length);
    txn.put("O" + o.role, v);
    txn.commit();
    outputs_[o.role] = o;
    if (reader_) reader_->renew();
}

void StateStore::commit(Pipeline& pipeline, const SourceState& source, const std::map<std::string, InputCursor>& cursors,
                        const std::vector<CommittedOutput>& outputs) {
    LmdbTxn txn(dir_.env(), true);
    if (!has_fingerprint_) {
        txn.put(kFormatKey, std::string(1, static_cast<char>(kStateFormat)));
        txn.put(kFingerprintKey, fingerprint_);
    }
    pipeline.save(txn);
    std::string v;
    ByteWriter w(v);
    w.svarint(source.watermark.ns());
    w.svarint(source.max_seen.ns());
    w.varint(source.arrivals);
    w.svarint(source.last_event_wall.ns());
    txn.put(kSourceKey, v);
    for (const auto& [key, c] : cursors) {
        txn.put("C" + key, c.encode());
        cursors_[key] = c;
    }
    for (const CommittedOutput& o : outputs) {
        std::string ov;
        ByteWriter ow(ov);
        ow.bytes(o.path);
        ow.varint(o.length);
        txn.put("O" + o.role, ov);
        outputs_[o.role] = o;
    }
    txn.commit();
    has_fingerprint_ = true;
    source_ = source;
    // Entries of keys already read are in memory (and never read twice), so the newer view
    // only lets LMDB reuse the pages this commit freed.
    if (reader_) reader_->renew();
}

}  // namespace eddy
