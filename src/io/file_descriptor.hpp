// An owned or borrowed file descriptor (io-internal). Files eddy opened are closed once, on
// destruction; stdin/stdout are borrowed and never closed, so moving a stream stays safe.
#pragma once
#include <unistd.h>

#include <utility>

namespace eddy {

class FileDescriptor {
public:
    FileDescriptor() = default;
    FileDescriptor(int fd, bool owned) : fd_(fd), owned_(owned) {}
    FileDescriptor(FileDescriptor&& other) noexcept
        : fd_(std::exchange(other.fd_, -1)), owned_(std::exchange(other.owned_, false)) {}
    FileDescriptor& operator=(FileDescriptor&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
            owned_ = std::exchange(other.owned_, false);
        }
        return *this;
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() { reset(); }

    int get() const { return fd_; }
    bool owned() const { return owned_; }

private:
    // close() errors are ignored: for inputs nothing is lost, and output sinks flush (and
    // report) before they are destroyed. EINTR is not retried: Linux has closed the fd anyway.
    void reset() noexcept {
        if (owned_ && fd_ >= 0) ::close(fd_);
        fd_ = -1;
        owned_ = false;
    }

    int fd_ = -1;
    bool owned_ = false;
};

}  // namespace eddy
