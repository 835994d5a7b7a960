// RAII over LMDB (one environment per state dir): the environment, transactions and cursors
// close themselves; every failure becomes an EddyError that names the state dir.
#pragma once
#include <lmdb.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace eddy {

class LmdbTxn;

class LmdbEnv {
public:
    // Opens (creating) the environment in `dir` with a map of `map_size` bytes and the
    // named databases the state store uses.
    LmdbEnv(const std::string& dir, uint64_t map_size);
    ~LmdbEnv();
    LmdbEnv(const LmdbEnv&) = delete;
    LmdbEnv& operator=(const LmdbEnv&) = delete;

    MDB_env* get() const { return env_; }
    MDB_dbi dbi() const { return dbi_; }
    const std::string& dir() const { return dir_; }
    // Bytes of the map in use (pages in use × page size).
    uint64_t used_bytes() const;

private:
    MDB_env* env_ = nullptr;
    MDB_dbi dbi_ = 0;
    std::string dir_;
};

// A transaction; aborted by the destructor unless committed.
class LmdbTxn {
public:
    LmdbTxn(const LmdbEnv& env, bool write);
    ~LmdbTxn();
    LmdbTxn(const LmdbTxn&) = delete;
    LmdbTxn& operator=(const LmdbTxn&) = delete;

    bool get(std::string_view key, std::string_view& value) const;
    void put(std::string_view key, std::string_view value);
    void del(std::string_view key);  // absent keys are fine
    // Deletes every key in [from, to).
    void del_range(std::string_view from, std::string_view to);
    // Calls fn(key, value) for every key starting with `prefix`, in key order, until fn returns false.
    void scan(std::string_view prefix, const std::function<bool(std::string_view, std::string_view)>& fn) const;
    // The same for the keys in [from, to).
    void scan_range(std::string_view from, std::string_view to,
                    const std::function<bool(std::string_view, std::string_view)>& fn) const;
    // A read transaction sees the state as of its start; renew() moves it to the newest commit.
    void renew();
    void commit();

private:
    [[noreturn]] void fail(const char* what, int rc) const;
    const LmdbEnv& env_;
    MDB_txn* txn_ = nullptr;
};

}  // namespace eddy
