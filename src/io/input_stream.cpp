// InputStream: open, sniff the magic bytes, and hand out (decompressed) bytes as soon as
// read(2) returns them, polling pipes first so the engine can flush before blocking.
#include "io/input_stream.hpp"

#include "core/stop_request.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "io/decoder.hpp"

namespace eddy {
namespace {

constexpr unsigned char kGzipMagic[] = {0x1f, 0x8b};
constexpr unsigned char kZstdMagic[] = {0x28, 0xb5, 0x2f, 0xfd};
// Room for the longest magic, whatever block size a test asks for.
constexpr std::size_t kMinRawBlock = 64;

bool starts_with(const char* data, std::size_t len, const unsigned char* magic, std::size_t magic_len) {
    return len >= magic_len && std::memcmp(data, magic, magic_len) == 0;
}

// True while the bytes seen so far are a proper prefix of a magic number: only then must
// the sniff wait for more. A live pipe's first line ("{...") is decided by its first byte.
// A zstd stream may open with a skippable frame (magic 0x184D2A50..5F, little-endian), as
// pzstd and the seekable format write; libzstd skips it, the sniffer must recognise it.
bool is_zstd_skippable_magic(const char* data, std::size_t len) {
    return len >= 4 && (static_cast<unsigned char>(data[0]) & 0xf0) == 0x50 && static_cast<unsigned char>(data[1]) == 0x2a &&
           static_cast<unsigned char>(data[2]) == 0x4d && static_cast<unsigned char>(data[3]) == 0x18;
}

bool could_still_be_magic(const char* data, std::size_t len) {
    auto proper_prefix = [&](const unsigned char* magic, std::size_t magic_len) {
        return len < magic_len && std::memcmp(data, magic, len) == 0;
    };
    const bool skippable_prefix = len < 4 && (len == 0 || (static_cast<unsigned char>(data[0]) & 0xf0) == 0x50) &&
                                  (len < 2 || static_cast<unsigned char>(data[1]) == 0x2a) &&
                                  (len < 3 || static_cast<unsigned char>(data[2]) == 0x4d);
    return proper_prefix(kGzipMagic, sizeof kGzipMagic) || proper_prefix(kZstdMagic, sizeof kZstdMagic) ||
           skippable_prefix;
}

[[noreturn]] void throw_errno(ExitCode code, const std::string& name, int err) {
    throw EddyError(code, name + ": " + std::strerror(err));
}

}  // namespace

InputStream::InputStream(InputStream&& other) noexcept = default;
InputStream& InputStream::operator=(InputStream&& other) noexcept = default;
InputStream::~InputStream() = default;

InputStream InputStream::open(const std::string& path, std::size_t raw_block_size) {
    InputStream in;
    in.raw_capacity_ = std::max(raw_block_size, kMinRawBlock);
    if (path == "-") {
        in.name_ = "<stdin>";
        in.fd_ = FileDescriptor(STDIN_FILENO, false);
    } else {
        in.name_ = path;
        int fd;
        do {
            fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        } while (fd < 0 && errno == EINTR);  // opening a FIFO waits for a writer
        if (fd < 0) throw_errno(ExitCode::no_input, path, errno);
        in.fd_ = FileDescriptor(fd, true);
    }
    struct stat st {};
    if (::fstat(in.fd_.get(), &st) != 0) throw_errno(ExitCode::no_input, in.name_, errno);
    if (S_ISDIR(st.st_mode)) throw_errno(ExitCode::no_input, in.name_, EISDIR);
    in.identity_.device = static_cast<uint64_t>(st.st_dev);
    in.identity_.inode = static_cast<uint64_t>(st.st_ino);
    in.identity_.regular = S_ISREG(st.st_mode);
    in.identity_.size = in.identity_.regular ? static_cast<uint64_t>(st.st_size) : 0;
    if (S_ISFIFO(st.st_mode)) {
        // Fewer, larger reads from a fast producer; unprivileged callers may be refused
        // beyond /proc/sys/fs/pipe-max-size, which is harmless.
        (void)::fcntl(in.fd_.get(), F_SETPIPE_SZ, 1 << 20);
    }
    return in;
}

std::size_t InputStream::read_raw(char* dst, std::size_t capacity) {
    const int fd = fd_.get();
    if (!identity_.regular && would_block_hook_) {
        pollfd ready{fd, POLLIN, 0};
        const int r = ::poll(&ready, 1, 0);
        if (r == 0 || (r < 0 && errno == EINTR)) would_block_hook_();
    }
    if (!identity_.regular && wait_limit_) {
        for (;;) {
            if (stop_signal() != 0) return 0;
            const int ms = wait_limit_();
            if (ms < 0) break;
            pollfd ready{fd, POLLIN, 0};
            const int r = ::poll(&ready, 1, ms);
            if (r > 0) break;  // input (or its end) is there: the read below does not block
        }
    }
    for (;;) {
        if (stop_signal() != 0) return 0;  // asked to stop: this input ends here
        const ssize_t n = ::read(fd, dst, capacity);
        if (n >= 0) {
            raw_bytes_ += static_cast<uint64_t>(n);
            return static_cast<std::size_t>(n);
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            // stdin inherited O_NONBLOCK from the parent: wait the way a blocking read would.
            pollfd ready{fd, POLLIN, 0};
            (void)::poll(&ready, 1, -1);
            continue;
        }
        throw_errno(ExitCode::io, name_, errno);
    }
}

void InputStream::sniff() {
    sniffed_ = true;
    raw_ = std::make_unique<char[]>(raw_capacity_);
    while (!raw_eof_ && could_still_be_magic(raw_.get(), raw_end_)) {
        const std::size_t n = read_raw(raw_.get() + raw_end_, raw_capacity_ - raw_end_);
        if (n == 0) raw_eof_ = true;
        raw_end_ += n;
    }
    const char* data = raw_.get();
    if (starts_with(data, raw_end_, kGzipMagic, sizeof kGzipMagic)) {
        compression_ = Compression::gzip;
        decoder_ = make_gzip_decoder(name_);
    } else if (starts_with(data, raw_end_, kZstdMagic, sizeof kZstdMagic) || is_zstd_skippable_magic(data, raw_end_)) {
        compression_ = Compression::zstd;
        decoder_ = make_zstd_decoder(name_);
    }
    if (identity_.regular && fd_.owned()) {
        // The fingerprint must not depend on the block size: read it where it lies.
        head_.resize(kHeadSize);
        ssize_t n;
        do {
            n = ::pread(fd_.get(), head_.data(), kHeadSize, 0);
        } while (n < 0 && errno == EINTR);
        if (n < 0) throw_errno(ExitCode::io, name_, errno);
        head_.resize(static_cast<std::size_t>(n));
    } else {
        head_.assign(data, std::min(raw_end_, kHeadSize));
    }
}

Compression InputStream::compression() {
    if (!sniffed_) sniff();
    return compression_;
}

std::string_view InputStream::head() {
    if (!sniffed_) sniff();
    return head_;
}

std::size_t InputStream::read(char* dst, std::size_t capacity) {
    if (!sniffed_) sniff();
    if (capacity == 0) return 0;
    std::size_t n;
    if (decoder_) {
        n = read_decoded(dst, capacity);
    } else if (raw_pos_ < raw_end_) {
        // The block read while sniffing.
        n = std::min(capacity, raw_end_ - raw_pos_);
        std::memcpy(dst, raw_.get() + raw_pos_, n);
        raw_pos_ += n;
        if (raw_pos_ == raw_end_) raw_.reset();  // plain input reads into the caller's buffer from now on
    } else if (raw_eof_) {
        n = 0;
    } else {
        n = read_raw(dst, capacity);
        if (n == 0) raw_eof_ = true;
    }
    position_ += n;
    return n;
}

std::size_t InputStream::read_decoded(char* dst, std::size_t capacity) {
    for (;;) {
        const std::size_t available = raw_end_ - raw_pos_;
        if (available > 0 || decoder_->has_pending_output()) {
            const DecodeStep step = decoder_->decode(raw_.get() + raw_pos_, available, dst, capacity);
            raw_pos_ += step.consumed;
            if (step.produced > 0) return step.produced;
            if (step.consumed > 0) continue;  // headers, trailers, member boundaries
        }
        if (raw_eof_) {
            if (raw_pos_ < raw_end_ || !decoder_->at_boundary()) decoder_->fail_truncated();
            return 0;
        }
        // Keep the unconsumed tail (a header cut by the block edge) and read behind it.
        if (raw_pos_ > 0) {
            std::memmove(raw_.get(), raw_.get() + raw_pos_, raw_end_ - raw_pos_);
            raw_end_ -= raw_pos_;
            raw_pos_ = 0;
        }
        if (raw_end_ == raw_capacity_) {
            throw EddyError(ExitCode::internal, "internal error: " + name_ + ": decompressor made no progress (please report)");
        }
        const std::size_t n = read_raw(raw_.get() + raw_end_, raw_capacity_ - raw_end_);
        if (n == 0) raw_eof_ = true;
        raw_end_ += n;
    }
}

uint64_t InputStream::skip_to(uint64_t offset) {
    if (!sniffed_) sniff();
    if (offset == 0) return 0;
    if (!decoder_ && identity_.regular && fd_.owned()) {
        struct stat st {};
        if (::fstat(fd_.get(), &st) != 0) throw_errno(ExitCode::io, name_, errno);
        const uint64_t target = std::min<uint64_t>(offset, static_cast<uint64_t>(st.st_size));
        if (::lseek(fd_.get(), static_cast<off_t>(target), SEEK_SET) < 0) throw_errno(ExitCode::io, name_, errno);
        raw_.reset();
        raw_pos_ = raw_end_ = 0;
        raw_eof_ = false;
        position_ = target;
        return target;
    }
    // Compressed data and pipes have no random access: decode and discard.
    constexpr std::size_t kScratch = 64 * 1024;
    auto scratch = std::make_unique<char[]>(kScratch);
    uint64_t skipped = 0;
    while (skipped < offset) {
        const std::size_t n = read(scratch.get(), static_cast<std::size_t>(std::min<uint64_t>(kScratch, offset - skipped)));
        if (n == 0) break;
        skipped += n;
    }
    return skipped;
}

}  // namespace eddy
