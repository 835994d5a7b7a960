// A byte source for one input: a file path or "-" (stdin), read with read(2) in large
// blocks, gzip and zstd recognised by their magic bytes and decompressed as a stream.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "io/file_descriptor.hpp"

namespace eddy {

class Decoder;

inline constexpr std::size_t kInputBlockSize = std::size_t{1} << 20;  // 1 MiB

enum class Compression { none, gzip, zstd };

// What the input cursor needs to recognise a file again (SPEC §6). For stdin and pipes
// only `regular` = false is meaningful.
struct FileIdentity {
    uint64_t device = 0;
    uint64_t inode = 0;
    uint64_t size = 0;     // st_size when opened (compressed size for .gz/.zst)
    bool regular = false;  // a regular file: seekable, never blocks
};

class InputStream {
public:
    // "-" means stdin (fd 0, not closed). Throws EddyError(no_input, "<path>: <strerror>")
    // when the path cannot be opened or is a directory. raw_block_size is the read(2) size
    // for compressed data (tests make it small to cut members at odd places).
    static InputStream open(const std::string& path, std::size_t raw_block_size = kInputBlockSize);

    InputStream(InputStream&& other) noexcept;
    InputStream& operator=(InputStream&& other) noexcept;
    InputStream(const InputStream&) = delete;
    InputStream& operator=(const InputStream&) = delete;
    ~InputStream();

    // Fills dst with up to `capacity` decompressed bytes and returns how many; 0 only at the
    // end of the input. Returns as soon as some bytes are available (one read(2) on a pipe),
    // so a live pipe's lines are never held back to fill a block. Throws
    // EddyError(io, "<name>: ...") on a read error or corrupt compressed data.
    std::size_t read(char* dst, std::size_t capacity);

    // Skips the first `offset` decompressed bytes (resuming at an input cursor). Must be
    // called before the first read(). A plain regular file is lseek'd; anything else is read
    // and discarded. Returns the bytes actually skipped: less than `offset` when the input
    // is shorter (a truncated file: the caller decides what that means).
    uint64_t skip_to(uint64_t offset);

    // Called (at most once per read(2)) just before a read(2) that would block, i.e. when
    // poll() with timeout 0 finds nothing ready on a pipe or terminal. The engine flushes
    // its output there, so a live pipeline's results are not held in a buffer while idle.
    void set_would_block_hook(std::function<void()> hook) { would_block_hook_ = std::move(hook); }
    // For a pipe or terminal: before a read that would block, wait at most limit() ms for
    // input, calling limit() again each time that passes (-1: wait as long as it takes). The
    // engine's idle_timeout advances the watermark from there while no input arrives.
    void set_wait_limit(std::function<int()> limit) { wait_limit_ = std::move(limit); }

    // The format is decided at the first read (or skip_to/compression/head call), so
    // opening stdin never blocks before the would-block hook is in place.
    Compression compression();
    // The first raw (still compressed) bytes of the input, up to kHeadSize, for a
    // fingerprint. May be shorter on a pipe whose first read returned less.
    std::string_view head();
    static constexpr std::size_t kHeadSize = 4096;

    const std::string& display_name() const { return name_; }  // the path, or "<stdin>"
    const FileIdentity& identity() const { return identity_; }
    uint64_t raw_bytes_read() const { return raw_bytes_; }  // from the file/pipe
    uint64_t position() const { return position_; }         // decompressed bytes handed out or skipped

private:
    InputStream() = default;
    void sniff();
    std::size_t read_raw(char* dst, std::size_t capacity);
    std::size_t read_decoded(char* dst, std::size_t capacity);

    std::string name_;
    FileDescriptor fd_;
    FileIdentity identity_;
    std::function<void()> would_block_hook_;
    std::function<int()> wait_limit_;

    // Raw bytes not yet consumed: the sniffed first block, then compressed input.
    std::unique_ptr<char[]> raw_;
    std::size_t raw_capacity_ = 0;
    std::size_t raw_pos_ = 0;
    std::size_t raw_end_ = 0;
    bool raw_eof_ = false;
    std::string head_;

    bool sniffed_ = false;
    Compression compression_ = Compression::none;
    std::unique_ptr<Decoder> decoder_;

    uint64_t raw_bytes_ = 0;
    uint64_t position_ = 0;
};

}  // namespace eddy
