// The identity check compares the hash of as many first bytes as were there when the cursor
// was stored, so a file that only grew is the same file, and one rewritten in place is not.
#include "io/input_cursor.hpp"

#include <xxhash.h>

#include "state/byte_codec.hpp"

namespace eddy {

namespace {
constexpr uint8_t kCursorFormat = 1;

uint64_t hash_of(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }
}  // namespace

std::string InputCursor::encode() const {
    std::string out;
    ByteWriter w(out);
    w.u8(kCursorFormat);
    w.varint(device);
    w.varint(inode);
    w.varint(size);
    w.fixed64(head_hash);
    w.varint(head_length);
    w.u8(compressed ? 1 : 0);
    w.varint(offset);
    w.varint(lines);
    return out;
}

std::optional<InputCursor> InputCursor::decode(std::string_view bytes) {
    ByteReader r(bytes);
    if (r.u8() != kCursorFormat) return std::nullopt;
    InputCursor c;
    c.device = r.varint();
    c.inode = r.varint();
    c.size = r.varint();
    c.head_hash = r.fixed64();
    c.head_length = static_cast<uint32_t>(r.varint());
    c.compressed = r.u8() != 0;
    c.offset = r.varint();
    c.lines = r.varint();
    if (!r.complete()) return std::nullopt;
    return c;
}

ResumePoint resume_point(const std::optional<InputCursor>& stored, InputStream& in) {
    ResumePoint p;
    const FileIdentity& id = in.identity();
    if (!stored || !id.regular) return p;
    const bool compressed = in.compression() != Compression::none;
    if (stored->compressed != compressed) return p;
    // A compressed file is known by its first bytes and size (its cursor is stored under
    // them), whatever its name or inode; a plain file by its inode: another one is a rotation.
    if (!compressed && (stored->device != id.device || stored->inode != id.inode)) return p;
    const std::string_view head = in.head();
    const bool same_start =
        head.size() >= stored->head_length && hash_of(head.substr(0, stored->head_length)) == stored->head_hash;
    if (compressed) {
        if (same_start && id.size == stored->size) {
            p.offset = stored->offset;
            p.lines = stored->lines;
        }
        return p;
    }
    if (!same_start || id.size < stored->offset) {
        p.warning = in.display_name() + ": the file is shorter than when it was last read, or its first bytes changed; "
                                        "reading it from the start";
        return p;
    }
    p.offset = stored->offset;
    p.lines = stored->lines;
    return p;
}

InputCursor cursor_after(InputStream& in, uint64_t offset, uint64_t lines) {
    InputCursor c;
    const FileIdentity& id = in.identity();
    c.device = id.device;
    c.inode = id.inode;
    c.size = id.size;
    const std::string_view head = in.head();
    c.head_length = static_cast<uint32_t>(head.size());
    c.head_hash = hash_of(head);
    c.compressed = in.compression() != Compression::none;
    c.offset = offset;
    c.lines = lines;
    return c;
}

}  // namespace eddy
