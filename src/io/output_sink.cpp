// OutputSink: write(2) loop with partial writes, EINTR and inherited O_NONBLOCK handled;
// EPIPE becomes the silent exit 141, everything else names the file.
#include "io/output_sink.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace eddy {

OutputSink::OutputSink(FileDescriptor fd, std::string name) : fd_(std::move(fd)), name_(std::move(name)) {
    struct stat st {};
    if (::fstat(fd_.get(), &st) == 0 && S_ISREG(st.st_mode)) {
        regular_ = true;
        initial_size_ = static_cast<uint64_t>(st.st_size);
    }
    buffer_.reserve(kFlushThreshold + (kFlushThreshold >> 2));
}

OutputSink OutputSink::open_stdout() {
    return OutputSink(FileDescriptor(STDOUT_FILENO, false), "<stdout>");
}

OutputSink OutputSink::open_file(const std::string& path) {
    int fd;
    do {
        fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) throw EddyError(ExitCode::cant_create, path + ": " + std::strerror(errno));
    return OutputSink(FileDescriptor(fd, true), path);
}

OutputSink::~OutputSink() {
    if (failed_ || buffer_.empty() || fd_.get() < 0) return;
    try {
        write_buffer();
    } catch (...) {
        // Best effort only; see the header.
    }
}

void OutputSink::write_buffer() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
        const ssize_t n = ::write(fd_.get(), buffer_.data() + done, buffer_.size() - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            written_ += static_cast<uint64_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // stdout inherited O_NONBLOCK: wait for room the way a blocking write would.
            pollfd room{fd_.get(), POLLOUT, 0};
            (void)::poll(&room, 1, -1);
            continue;
        }
        const int err = n < 0 ? errno : EIO;  // write() returning 0 for a non-empty buffer: no progress
        buffer_.erase(0, done);
        failed_ = true;
        if (err == EPIPE) throw EddyError(ExitCode::broken_pipe, "");
        throw EddyError(ExitCode::io, name_ + ": " + std::strerror(err));
    }
    buffer_.clear();
}

void OutputSink::flush() {
    if (!buffer_.empty()) write_buffer();
}

void OutputSink::sync() {
    flush();
    if (!regular_) return;
    int rc;
    do {
        rc = ::fdatasync(fd_.get());
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        failed_ = true;
        throw EddyError(ExitCode::io, name_ + ": " + std::strerror(errno));
    }
}

}  // namespace eddy
