// The source watermark W (SPEC §3, §8 rule 8): the largest event time seen minus
// max_out_of_orderness; it starts at -inf and never goes back.
#pragma once
#include "core/time_types.hpp"

namespace eddy {

class SourceWatermark {
public:
    explicit SourceWatermark(Duration max_out_of_orderness) : bound_(max_out_of_orderness) {}

    // Every valid event advances it, whatever later stages do with the event.
    void observe(EventTime t) {
        if (t > max_seen_) {
            max_seen_ = t;
            Watermark w = t - bound_;
            if (w > current_) current_ = w;
        }
    }
    // idle_timeout: no event for a while, W moves on with the wall clock; never back.
    void advance_to(Watermark w) {
        if (w > current_) current_ = w;
    }
    // End of input with draining: everything open closes.
    void drain() { current_ = Watermark::max_infinity(); }
    // Restored from state (a later run continues where the last one stopped).
    void restore(Watermark w, EventTime max_seen) {
        current_ = w;
        max_seen_ = max_seen;
    }

    Watermark current() const { return current_; }
    EventTime max_seen() const { return max_seen_; }

private:
    Duration bound_;
    EventTime max_seen_ = EventTime::min_infinity();
    Watermark current_ = Watermark::min_infinity();
};

}  // namespace eddy
