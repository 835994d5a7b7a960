// A state directory (SPEC §6): created on first use, refused on NFS (rule 30), held by one
// run at a time through a lock file naming the holder's pid, holding one LMDB environment.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "state/lmdb.hpp"

namespace eddy {

// flock(2) on DIR/lock: the kernel drops it when the holder dies, so a lock left by a killed
// run is simply free again; the pid written inside is only for the message.
class StateLock {
public:
    // Throws EddyError(locked, "... locked by pid N ...") unless `wait`, which blocks instead.
    StateLock(const std::string& dir, bool wait);
    ~StateLock();
    StateLock(const StateLock&) = delete;
    StateLock& operator=(const StateLock&) = delete;

private:
    int fd_ = -1;
};

class StateDir {
public:
    // Creates `dir` when missing; throws EddyError(io) for NFS or an unusable dir.
    StateDir(const std::string& dir, uint64_t map_size, bool wait);
    LmdbEnv& env() { return *env_; }
    const LmdbEnv& env() const { return *env_; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    StateLock lock_;
    std::unique_ptr<LmdbEnv> env_;
};

}  // namespace eddy
