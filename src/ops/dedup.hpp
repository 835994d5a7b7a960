// dedup: passes the first occurrence of each identity (current key, `fields` or the whole
// record) as its original bytes, drops later ones within the horizon (SPEC §3, rule 14).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "json/field_plan.hpp"
#include "ops/stage.hpp"
#include "state/dedup_horizon.hpp"

namespace eddy {

struct DedupStageConfig {
    std::vector<FieldSlot> fields;  // empty: the key alone (or the whole record)
    bool whole_record = false;
    std::optional<Duration> within;  // nullopt = forever
};

class DedupStage final : public Stage {
public:
    DedupStage(DedupStageConfig config, const KeyTable& keys, LateEventSink& late);
    void on_event(const Event& e, StageOutput& out) override;
    void on_watermark(Watermark w, StageOutput& out) override;
    size_t open_state() const override { return horizon_.size(); }
    void save(StageStateWriter& w) override;
    void restore(const StageStateReader& r) override;
    void forget_state() override;

private:
    DedupStageConfig config_;
    const KeyTable& keys_;
    LateEventSink& late_;
    DedupHorizon horizon_;
    Watermark w_ = Watermark::min_infinity();
    std::string identity_;  // reused: no allocation per event
    std::optional<StageStateReader> stored_;  // with a state dir: ids of earlier runs, read on demand
    std::optional<EventTime> stored_expiry(const DedupId& id) const;
};

}  // namespace eddy
