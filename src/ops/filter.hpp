// filter: passes on the events its expression holds for, untouched (original bytes, key and
// time); the others are dropped and counted. The watermark moves on either way (rule 8).
#pragma once
#include "expr/filter_program.hpp"
#include "ops/stage.hpp"

namespace eddy {

class FilterStage final : public Stage {
public:
    explicit FilterStage(FilterProgram program) : program_(std::move(program)) {}
    void on_event(const Event& e, StageOutput& out) override {
        if (program_.matches(e.fields)) out.emit_event(e);
        else ++counters_.filtered;
    }
    void on_watermark(Watermark w, StageOutput& out) override { out.emit_watermark(w); }

private:
    FilterProgram program_;
};

}  // namespace eddy
