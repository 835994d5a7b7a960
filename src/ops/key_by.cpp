// Builds the key text into a reused buffer; the key table hands back the same id for the
// same text, so later stages compare and hash small ids, not texts.
#include "ops/key_by.hpp"

namespace eddy {

KeyByStage::KeyByStage(std::vector<FieldSlot> slots, KeyTable& keys) : slots_(std::move(slots)), keys_(keys) {
    text_.reserve(256);
    components_.reserve(slots_.size());
    offsets_.resize(slots_.size() * 2);
}

void KeyByStage::on_event(const Event& e, StageOutput& out) {
    text_.clear();
    text_.push_back('[');
    // Offsets first: text_ may reallocate while it grows, views are made after.
    for (size_t i = 0; i < slots_.size(); ++i) {
        if (i) text_.push_back(',');
        const FieldValue& v = e.fields[slots_[i].index()];
        offsets_[2 * i] = text_.size();
        if (v.is_missing_or_null()) text_.append("null");
        else text_.append(v.canonical);
        offsets_[2 * i + 1] = text_.size();
    }
    text_.push_back(']');
    components_.clear();
    for (size_t i = 0; i < slots_.size(); ++i)
        components_.emplace_back(text_.data() + offsets_[2 * i], offsets_[2 * i + 1] - offsets_[2 * i]);
    Event keyed = e;
    keyed.key = keys_.intern(text_, components_);
    out.emit_event(keyed);
}

}  // namespace eddy
