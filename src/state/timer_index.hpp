// Timers of a stage's windows or sessions ordered by due time, so a watermark advance
// touches only what it closes (DESIGN "Firing uses a timer index"), never all keys.
#pragma once
#include <cstdint>
#include <queue>
#include <vector>

#include "core/time_types.hpp"

namespace eddy {

enum class TimerKind : uint8_t { fire, cleanup };

// `generation` is the slot's generation when the timer was set: a session's end moves and
// slots are reused, so a popped timer whose generation is no longer the slot's is stale.
struct Timer {
    EventTime due;
    uint32_t slot;
    uint32_t generation;
    TimerKind kind;
    bool operator>(const Timer& o) const { return due > o.due; }
};

class TimerIndex {
public:
    void add(Timer t) { heap_.push(t); }
    // Pops the next timer due at or before `w`; false when none is.
    bool pop_due(Watermark w, Timer& out) {
        if (heap_.empty() || heap_.top().due > w) return false;
        out = heap_.top();
        heap_.pop();
        return true;
    }
    bool empty() const { return heap_.empty(); }
    size_t size() const { return heap_.size(); }

private:
    std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> heap_;
};

}  // namespace eddy
