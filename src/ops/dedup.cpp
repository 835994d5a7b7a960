// The identity text is the key text followed by the values as a JSON array (or the record's
// bytes); the key text is a complete JSON array, so the concatenation is unambiguous.
#include "ops/dedup.hpp"

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
    if (!horizon_.remember(DedupId::of(identity_), e.time)) {
        ++counters_.duplicates;
        return;
    }
    out.emit_event(e);
}

void DedupStage::on_watermark(Watermark w, StageOutput& out) {
    if (w > w_) w_ = w;
    horizon_.expire(w_);
    out.emit_watermark(w_);
}

}  // namespace eddy
