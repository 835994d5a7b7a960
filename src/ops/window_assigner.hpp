// Which tumbling/sliding windows contain an event time (SPEC §3): [k·slide + offset,
// k·slide + offset + size) for every k with start <= t < end; none when t falls in a hole.
#pragma once
#include "core/time_types.hpp"

namespace eddy {

// Window arithmetic near the int64 bounds must not wrap; GCC's 128-bit integer is exact.
__extension__ using WideNs = __int128;

class WindowAssigner {
public:
    // Tumbling windows have slide == size. offset is already in [0, slide).
    WindowAssigner(Duration size, Duration slide, Duration offset) : size_(size), slide_(slide), offset_(offset) {}

    // Calls fn(start, end) for each window containing t, latest start first.
    template <class Fn>
    void for_each_window(EventTime t, Fn&& fn) const {
        const WideNs size = size_.ns(), slide = slide_.ns(), offset = offset_.ns();
        const WideNs rel = static_cast<WideNs>(t.ns()) - offset;
        WideNs k = rel / slide;
        if (rel % slide != 0 && rel < 0) --k;  // floor division for times before the epoch
        for (WideNs start = k * slide + offset; start + size > t.ns(); start -= slide) {
            if (start < INT64_MIN + 1) break;
            fn(EventTime(static_cast<int64_t>(start)), EventTime(static_cast<int64_t>(start)) + size_);
        }
    }

    Duration size() const { return size_; }

private:
    Duration size_, slide_, offset_;
};

}  // namespace eddy
