// Where a later run resumes an input file (SPEC §6): the file's identity (device, inode, a
// hash of its first bytes) and the offset after the last complete line consumed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "io/input_stream.hpp"

namespace eddy {

struct InputCursor {
    uint64_t device = 0;
    uint64_t inode = 0;
    uint64_t size = 0;         // compressed files: their size, which does not grow
    uint64_t head_hash = 0;    // XXH3-64 of the first head_length raw bytes
    uint32_t head_length = 0;
    bool compressed = false;
    uint64_t offset = 0;       // decompressed bytes consumed: the next run starts here
    uint64_t lines = 0;        // lines consumed, so that messages keep the file's line numbers

    std::string encode() const;
    static std::optional<InputCursor> decode(std::string_view bytes);
};

// What the cursor says about an input opened now.
struct ResumePoint {
    uint64_t offset = 0;   // where to start reading
    uint64_t lines = 0;    // lines before it
    std::string warning;   // non-empty when the file was truncated or rewritten
};

// Rotated (another file at the path) or new: from the start. The same file: at the
// stored offset; shorter than that, or its first bytes changed: from the start, warned.
ResumePoint resume_point(const std::optional<InputCursor>& stored, InputStream& in);

// The cursor to store for `in` after consuming `offset` bytes.
InputCursor cursor_after(InputStream& in, uint64_t offset, uint64_t lines);

}  // namespace eddy
