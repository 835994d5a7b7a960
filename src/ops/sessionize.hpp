// sessionize (SPEC §3, §8 rule 24): groups a key's events like session windows, holds their
// bytes until the session fires, then emits them in time order with a session id and seq.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "config/plan.hpp"
#include "ops/row_batch.hpp"
#include "ops/stage.hpp"
#include "state/session_merger.hpp"
#include "state/event_arena.hpp"
#include "state/lazy_keys.hpp"

namespace eddy {

class SessionizeStage final : public Stage {
public:
    SessionizeStage(const SessionizeSpec& spec, const KeyTable& keys, LateEventSink& late);
    void on_event(const Event& e, StageOutput& out) override;
    void on_watermark(Watermark w, StageOutput& out) override;
    size_t open_state() const override { return sessions_.open_count(); }
    void save(StageStateWriter& w) override;
    void restore(const StageStateReader& r) override;
    void forget_state() override;
    void rewind_after_drain() override;

private:
    // One event of a session; its bytes are copied to the arena, as a line lives only until
    // the next is read.
    struct BufferedEvent {
        EventTime time;
        ArrivalSeq seq;
        EventArena::Ref bytes;
        uint64_t stored_uid;     // stored under (uid of the session it joined, index)
        uint64_t stored_index;
        bool saved;
    };
    // A session's events and how they are stored: each session gets a uid; its events are
    // stored under the uid of the session they joined, so a merge rewrites no event — the
    // surviving session lists the uids it absorbed (`members`).
    struct SessionPayload {
        uint64_t uid = 0;
        uint64_t next_index = 0;
        std::vector<uint64_t> members;
        std::vector<BufferedEvent> events;
        bool stored = false;
        EventTime stored_due = EventTime::min_infinity();    // of its due-index entry
        EventTime stored_start = EventTime::min_infinity();  // of its start-index entry
    };
    // A stored session to delete at the next checkpoint (with its index entries).
    struct ErasedSession {
        uint64_t uid;
        KeyId key;
        EventTime due, start;
    };
    void erase_stored(const SessionPayload& p, KeyId key) {
        if (p.stored) erased_sessions_.push_back({p.uid, key, p.stored_due, p.stored_start});
    }
    // Reads a key's stored sessions and their events (lazy loading).
    void load_key(std::string_view key_text);
    SessionPayload& payload_of(SessionMerger::Slot s);
    std::vector<BufferedEvent>& events_of(SessionMerger::Slot s) { return payload_of(s).events; }
    void start_payload(SessionMerger::Slot s);
    void emit_session(SessionMerger::Slot s, StageOutput& out);
    ArrivalSeq first_arrival(SessionMerger::Slot s);

    std::optional<Duration> max_duration_;
    const KeyTable& keys_;
    LateEventSink& late_;
    SessionMerger sessions_;
    EventArena arena_;
    std::optional<LazyKeys> lazy_;  // with a state dir
    std::vector<SessionPayload> payload_;  // per session slot; vectors are kept for reuse
    uint64_t next_uid_ = 0;
    absl::flat_hash_set<SessionMerger::Slot> dirty_;  // changed since the last checkpoint
    std::vector<ErasedSession> erased_sessions_;      // stored session entries to delete
    std::vector<uint64_t> erased_event_uids_;         // stored events to delete, by uid
    Watermark w_ = Watermark::min_infinity();
    Watermark w_before_drain_ = Watermark::min_infinity();
    Watermark forwarded_ = Watermark::min_infinity();
    Watermark forwarded_before_drain_ = Watermark::min_infinity();
    std::string id_prefix_;   // `"session_id":"`
    std::string seq_prefix_;  // `","session_seq":`
    std::string members_;
    std::string id_input_;
    std::string line_;
    // Sessions that one watermark advance closes, sorted before any is emitted; their
    // records are rendered one at a time, so a drain does not copy the whole state again.
    struct FiredSession {
        FiringKey order;
        ArrivalSeq first_arrival;
        SessionMerger::Slot slot;
    };
    std::vector<FiredSession> fired_;
    uint64_t emitted_ = 0;
};

}  // namespace eddy
