// The identity text is the key text followed by the values as a JSON array (or the record's
// bytes); the key text is a complete JSON array, so the concatenation is unambiguous.
#include "ops/dedup.hpp"

#include <string>
#include <vector>

namespace eddy {

DedupStage::DedupStage(DedupStageConfig config, const KeyTable& keys, LateEventSink& late)
    : config_(std::move(config)), keys_(keys), late_(late), horizon_(config_.within) {
    identity_.reserve(256);
}

void DedupStage::on_event(const Event& e, StageOutput& out) {
    // A late event counts as late even when it is also a duplicate (rule 14).
    if (config_.within && e.time + *config_.within <= w_) {
        ++counters_.late;
        late_.on_late(e);
        return;
    }
    identity_.assign(keys_.text(e.key));
    if (config_.whole_record) {
        identity_.append(e.record);
    } else if (!config_.fields.empty()) {
        identity_.push_back('[');
        for (size_t i = 0; i < config_.fields.size(); ++i) {
            if (i) identity_.push_back(',');
            const FieldValue& v = e.fields[config_.fields[i].index()];
            if (v.is_missing_or_null()) identity_.append("null");
            else identity_.append(v.canonical);
        }
        identity_.push_back(']');
    }
    const DedupId id = DedupId::of(identity_);
    // With a state dir, an id this run has not seen may be remembered from an earlier run.
    if (stored_ && !horizon_.contains(id))
        if (std::optional<EventTime> expiry = stored_expiry(id); expiry && *expiry > w_) horizon_.restore(id, *expiry);
    if (!horizon_.remember(id, e.time)) {
        ++counters_.duplicates;
        return;
    }
    out.emit_event(e);
}

void DedupStage::on_watermark(Watermark w, StageOutput& out) {
    // A drain (+inf) closes windows and sessions; it is not a reason to forget ids, which a
    // later run with the same state dir still needs.
    if (!w.is_max_infinity() && w > w_) {
        w_ = w;
        horizon_.expire(w_);
    }
    out.emit_watermark(w);
}

namespace {
std::string id_key(const DedupId& id) {
    std::string k;
    ByteWriter w(k);
    w.fixed64(id.high);
    w.fixed64(id.low);
    return k;
}
}  // namespace

// 'd' + expiry (ordered) + the 16-byte id, so that expiry is one range scan; "forever" ids
// sit at the end with expiry max_infinity and are never deleted. 'i' + id: its expiry, for the
// lookup of an id a run has not seen yet.
void DedupStage::save(StageStateWriter& w) {
    horizon_.take_unsaved([&](EventTime expiry, const DedupId& id) {
        ByteWriter k = w.begin_key('d');
        k.ordered_i64(expiry.ns());
        k.fixed64(id.high);
        k.fixed64(id.low);
        w.begin_value();
        w.put();
        ByteWriter i = w.begin_key('i');
        i.fixed64(id.high);
        i.fixed64(id.low);
        w.begin_value().ordered_i64(expiry.ns());
        w.put();
    });
    if (!horizon_.forever() && !w_.is_min_infinity()) {
        std::string from, to;
        ByteWriter(from).ordered_i64(INT64_MIN);
        if (w_.is_max_infinity()) to = "\xff\xff\xff\xff\xff\xff\xff\xff\xff";
        else ByteWriter(to).ordered_i64(w_.ns() + 1);  // expiry <= W
        std::vector<std::string> expired;
        w.scan_keys('d', from, to, [&](std::string_view suffix) { expired.emplace_back(suffix.substr(8)); });
        // An id that passed again after it expired has a newer expiry in its 'i' entry: keep it.
        for (const std::string& id : expired) {
            std::string_view v;
            if (!w.get('i', id, v)) continue;
            ByteReader r(v);
            const EventTime expiry(r.ordered_i64());
            if (expiry <= w_) w.del('i', id);
        }
        w.del_range('d', from, to);
    }
    ByteWriter m = w.begin_value();
    m.svarint(w_.ns());
    w.begin_key('m');
    w.put();
}

void DedupStage::restore(const StageStateReader& r) {
    horizon_.track_unsaved();
    r.scan('m', [&](std::string_view, ByteReader& v) {
        w_ = Watermark(v.svarint());
        r.require(v, "a dedup stage's watermark");
    });
    stored_.emplace(r);
}

std::optional<EventTime> DedupStage::stored_expiry(const DedupId& id) const {
    std::optional<EventTime> expiry;
    stored_->get('i', id_key(id), [&](ByteReader& v) {
        expiry = EventTime(v.ordered_i64());
        stored_->require(v, "a dedup id");
    });
    return expiry;
}

void DedupStage::forget_state() {
    horizon_ = DedupHorizon(config_.within);
    horizon_.track_unsaved();
}

}  // namespace eddy
