// The lock is taken before LMDB is opened, so two runs never both write; LMDB's own lock
// file only coordinates readers (eddy state info may read while a run holds the dir).
#include "state/state_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace eddy {

namespace {
constexpr long kNfsSuperMagic = 0x6969;

std::string make_dir(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
        throw EddyError(ExitCode::io, dir + ": cannot create the state dir: " + std::strerror(errno));
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw EddyError(ExitCode::io, dir + ": the state dir is not a directory");
    struct statfs fs {};
    if (::statfs(dir.c_str(), &fs) == 0 && fs.f_type == kNfsSuperMagic)
        throw EddyError(ExitCode::io, dir + ": the state dir is on NFS, where LMDB's locking is unsafe; use a local file system");
    return dir;
}
}  // namespace

StateLock::StateLock(const std::string& dir, bool wait) {
    const std::string path = dir + "/lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw EddyError(ExitCode::io, path + ": " + std::strerror(errno));
    while (::flock(fd_, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        if (errno == EINTR) continue;
        if (errno == EWOULDBLOCK) {
            // The holder writes its pid just after it takes the lock: give it a moment.
            std::string holder = "?";
            for (int attempt = 0; attempt < 50 && holder == "?"; ++attempt) {
                char buf[32] = {};
                const ssize_t n = ::pread(fd_, buf, sizeof buf - 1, 0);
                if (n > 0) holder = std::string(buf, static_cast<size_t>(n));
                else ::usleep(2000);
            }
            while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
            ::close(fd_);
            fd_ = -1;
            throw EddyError(ExitCode::locked, dir + ": state dir is locked by another run (pid " + holder +
                                                  "); use --wait to wait for it");
        }
        const int err = errno;
        ::close(fd_);
        fd_ = -1;
        throw EddyError(ExitCode::io, path + ": cannot lock: " + std::strerror(err));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        // The lock holds anyway; only the pid in other runs' messages would be missing.
    }
}

StateLock::~StateLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the flock
}

StateDir::StateDir(const std::string& dir, uint64_t map_size, bool wait)
    : path_(make_dir(dir)), lock_(path_, wait), env_(std::make_unique<LmdbEnv>(path_, map_size)) {}

}  // namespace eddy
