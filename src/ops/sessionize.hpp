// sessionize (SPEC §3, §8 rule 24): groups a key's events like session windows, holds their
// bytes until the session fires, then emits them in time order with a session id and seq.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/plan.hpp"
#include "ops/row_batch.hpp"
#include "ops/stage.hpp"
#include "state/session_merger.hpp"
#include "state/event_arena.hpp"

namespace eddy {

class SessionizeStage final : public Stage {
public:
    SessionizeStage(const SessionizeSpec& spec, const KeyTable& keys, LateEventSink& late);
    void on_event(const Event& e, StageOutput& out) override;
    void on_watermark(Watermark w, StageOutput& out) override;
    size_t open_state() const override { return sessions_.open_count(); }

private:
    // One event of a session; its bytes are copied to the arena, as a line lives only until
    // the next is read.
    struct BufferedEvent {
        EventTime time;
        ArrivalSeq seq;
        EventArena::Ref bytes;
    };
    std::vector<BufferedEvent>& events_of(SessionMerger::Slot s);
    void emit_session(SessionMerger::Slot s, StageOutput& out);

    std::optional<Duration> max_duration_;
    const KeyTable& keys_;
    LateEventSink& late_;
    SessionMerger sessions_;
    EventArena arena_;
    std::vector<std::vector<BufferedEvent>> payload_;  // per session slot; vectors are kept for reuse
    Watermark w_ = Watermark::min_infinity();
    Watermark forwarded_ = Watermark::min_infinity();
    std::string id_prefix_;   // `"session_id":"`
    std::string seq_prefix_;  // `","session_seq":`
    std::string members_;
    std::string id_input_;
    std::string line_;
    // Sessions that one watermark advance closes, sorted before any is emitted; their
    // records are rendered one at a time, so a drain does not copy the whole state again.
    std::vector<std::pair<FiringKey, SessionMerger::Slot>> fired_;
    uint64_t emitted_ = 0;
};

}  // namespace eddy
