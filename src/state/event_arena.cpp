// The chunk being filled is never freed while it is current, so store() can always append;
// a line longer than a chunk gets a chunk of its own.
#include "state/event_arena.hpp"

#include <cstring>

namespace eddy {

uint32_t EventArena::open_chunk(size_t at_least) {
    uint32_t i;
    if (!free_.empty()) {
        i = free_.back();
        free_.pop_back();
    } else {
        i = static_cast<uint32_t>(chunks_.size());
        chunks_.emplace_back();
    }
    Chunk& c = chunks_[i];
    c.capacity = static_cast<uint32_t>(at_least > kChunkSize ? at_least : kChunkSize);
    c.data = std::make_unique<char[]>(c.capacity);
    c.used = 0;
    c.held = 0;
    reserved_ += c.capacity;
    return i;
}

EventArena::Ref EventArena::store(std::string_view bytes) {
    if (current_ == UINT32_MAX || chunks_[current_].capacity - chunks_[current_].used < bytes.size()) {
        const uint32_t previous = current_;
        current_ = open_chunk(bytes.size());
        if (previous != UINT32_MAX && chunks_[previous].held == 0) {  // emptied while it was current
            reserved_ -= chunks_[previous].capacity;
            chunks_[previous].data.reset();
            free_.push_back(previous);
        }
    }
    Chunk& c = chunks_[current_];
    if (!bytes.empty()) std::memcpy(c.data.get() + c.used, bytes.data(), bytes.size());
    Ref r{current_, c.used, static_cast<uint32_t>(bytes.size())};
    c.used += static_cast<uint32_t>(bytes.size());
    ++c.held;
    return r;
}

void EventArena::release(Ref r) {
    Chunk& c = chunks_[r.chunk];
    if (--c.held > 0 || r.chunk == current_) return;
    reserved_ -= c.capacity;
    c.data.reset();
    free_.push_back(r.chunk);
}

}  // namespace eddy
