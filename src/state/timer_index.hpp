// Window timers ordered by due time, so a watermark advance touches only the windows it
// closes (DESIGN "Firing uses a timer index"), never all keys.
#pragma once
#include <cstdint>
#include <queue>
#include <vector>

#include "core/time_types.hpp"

namespace eddy {

enum class TimerKind : uint8_t { fire, cleanup };

struct Timer {
    EventTime due;
    uint32_t slot;
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
