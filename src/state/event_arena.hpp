// The bytes of the events a sessionize stage holds until their session fires, appended to
// large chunks: merging sessions moves no bytes, and a chunk is freed with its last event.
#pragma once
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace eddy {

class EventArena {
public:
    struct Ref {
        uint32_t chunk = 0;
        uint32_t offset = 0;
        uint32_t length = 0;  // lines are at most 64 MiB
    };

    Ref store(std::string_view bytes);
    std::string_view view(Ref r) const { return {chunks_[r.chunk].data.get() + r.offset, r.length}; }
    // The event is gone; its chunk is freed when nothing else in it is held.
    void release(Ref r);
    // Bytes of chunk memory in use.
    size_t bytes_reserved() const { return reserved_; }

private:
    static constexpr size_t kChunkSize = size_t{1} << 20;
    struct Chunk {
        std::unique_ptr<char[]> data;
        uint32_t capacity = 0, used = 0;
        uint64_t held = 0;  // events stored in it and not yet released
    };
    uint32_t open_chunk(size_t at_least);

    std::vector<Chunk> chunks_;
    std::vector<uint32_t> free_;  // indices of freed chunks, reused
    uint32_t current_ = UINT32_MAX;
    size_t reserved_ = 0;
};

}  // namespace eddy
