// OutputSink: a buffered, appending writer to stdout or a file. Rows are formatted straight
// into its buffer and leave in few large write(2) calls; length() feeds exactly-once output.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "io/file_descriptor.hpp"

namespace eddy {

class OutputSink {
public:
    // maybe_flush() writes once the buffer holds this much.
    static constexpr std::size_t kFlushThreshold = std::size_t{1} << 20;

    // fd 1, never closed; named "<stdout>" in errors.
    static OutputSink open_stdout();
    // O_WRONLY|O_APPEND|O_CREAT, mode 0644. Throws EddyError(cant_create, "<path>: <strerror>").
    static OutputSink open_file(const std::string& path);

    OutputSink(OutputSink&&) noexcept = default;
    OutputSink& operator=(OutputSink&&) = delete;  // a sink's buffer must be flushed, not dropped
    OutputSink(const OutputSink&) = delete;
    OutputSink& operator=(const OutputSink&) = delete;

    // Never throws. Call flush() first: that is where write errors are reported. The
    // destructor only makes a best-effort write of what is still buffered (an exception is
    // unwinding past the sink), ignoring errors, and writes nothing after a flush() failed
    // (the fd is broken; retrying would only fail again or duplicate a partial row).
    ~OutputSink();

    void append(std::string_view bytes) { buffer_.append(bytes); }
    void append_line(std::string_view bytes) {
        buffer_.append(bytes);
        buffer_.push_back('\n');
    }
    // For formatters that append in place (fmt::format_to(std::back_inserter(sink.buffer()), ...)).
    std::string& buffer() { return buffer_; }
    void maybe_flush() {
        if (buffer_.size() >= kFlushThreshold) flush();
    }
    // Writes the whole buffer (partial writes and EINTR retried). Throws
    // EddyError(broken_pipe, "") on EPIPE (SIGPIPE is ignored; main exits 141 silently) and
    // EddyError(io, "<name>: <strerror>") on any other error (ENOSPC, EIO, ...).
    void flush();
    // flush(), then fdatasync() when the sink is a regular file (before a checkpoint records
    // length()). Errors as flush().
    void sync();

    // The file's length as this sink sees it: its size when opened + bytes written + bytes
    // buffered. For stdout that is not a regular file the size when opened counts as 0.
    uint64_t length() const { return initial_size_ + written_ + buffer_.size(); }
    uint64_t bytes_written() const { return written_; }
    const std::string& name() const { return name_; }
    int fd() const { return fd_.get(); }

private:
    OutputSink(FileDescriptor fd, std::string name);
    void write_buffer();  // throws; leaves the unwritten rest in buffer_

    FileDescriptor fd_;
    std::string name_;
    std::string buffer_;
    uint64_t initial_size_ = 0;
    uint64_t written_ = 0;
    bool regular_ = false;
    bool failed_ = false;
};

}  // namespace eddy
