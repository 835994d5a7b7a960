// key_by: sets the current key from the values of its fields (a missing field is null), as
// the compact JSON array of their canonical texts, interned to a KeyId (SPEC §8 rule 12).
#pragma once
#include <string>
#include <vector>

#include "json/field_plan.hpp"
#include "ops/stage.hpp"

namespace eddy {

class KeyByStage final : public Stage {
public:
    KeyByStage(std::vector<FieldSlot> slots, KeyTable& keys);
    void on_event(const Event& e, StageOutput& out) override;
    void on_watermark(Watermark w, StageOutput& out) override { out.emit_watermark(w); }

private:
    std::vector<FieldSlot> slots_;
    KeyTable& keys_;
    std::string text_;                       // reused: no allocation per event
    std::vector<std::string_view> components_;
    std::vector<size_t> offsets_;           // [begin, end) of each value inside text_
};

}  // namespace eddy
