// One unnamed database holds everything, keyed by a one-byte kind prefix (state/README.md):
// fewer handles to keep right, and a checkpoint is one transaction over one B-tree.
#include "state/lmdb.hpp"

#include <string>

#include "core/error.hpp"

namespace eddy {

namespace {
MDB_val val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
std::string_view view(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

[[noreturn]] void fail_env(const std::string& dir, const char* what, int rc) {
    if (rc == MDB_MAP_FULL)
        throw EddyError(ExitCode::io, dir + ": the state is larger than [state] max_size allows (LMDB map full); "
                                            "raise max_size");
    throw EddyError(ExitCode::io, dir + ": " + what + ": " + mdb_strerror(rc));
}
}  // namespace

LmdbEnv::LmdbEnv(const std::string& dir, uint64_t map_size) : dir_(dir) {
    int rc = mdb_env_create(&env_);
    if (rc) fail_env(dir, "cannot create the LMDB environment", rc);
    rc = mdb_env_set_mapsize(env_, map_size);
    if (!rc) rc = mdb_env_open(env_, dir.c_str(), MDB_NOTLS, 0644);
    if (rc) {
        mdb_env_close(env_);
        env_ = nullptr;
        fail_env(dir, "cannot open the state", rc);
    }
    MDB_txn* txn = nullptr;
    rc = mdb_txn_begin(env_, nullptr, 0, &txn);
    if (!rc) rc = mdb_dbi_open(txn, nullptr, 0, &dbi_);
    if (!rc) rc = mdb_txn_commit(txn);
    else if (txn) mdb_txn_abort(txn);
    if (rc) {
        mdb_env_close(env_);
        env_ = nullptr;
        fail_env(dir, "cannot open the state database", rc);
    }
}

LmdbEnv::~LmdbEnv() {
    if (env_) mdb_env_close(env_);
}

uint64_t LmdbEnv::used_bytes() const {
    MDB_envinfo info;
    MDB_stat stat;
    if (mdb_env_info(env_, &info) || mdb_env_stat(env_, &stat)) return 0;
    return (info.me_last_pgno + 1) * uint64_t{stat.ms_psize};
}

LmdbTxn::LmdbTxn(const LmdbEnv& env, bool write) : env_(env) {
    int rc = mdb_txn_begin(env.get(), nullptr, write ? 0 : MDB_RDONLY, &txn_);
    if (rc) {
        txn_ = nullptr;
        fail("cannot begin a transaction", rc);
    }
}

LmdbTxn::~LmdbTxn() {
    if (txn_) mdb_txn_abort(txn_);
}

void LmdbTxn::fail(const char* what, int rc) const { fail_env(env_.dir(), what, rc); }

bool LmdbTxn::get(std::string_view key, std::string_view& value) const {
    MDB_val k = val(key), v;
    int rc = mdb_get(txn_, env_.dbi(), &k, &v);
    if (rc == MDB_NOTFOUND) return false;
    if (rc) fail("cannot read", rc);
    value = view(v);
    return true;
}

void LmdbTxn::put(std::string_view key, std::string_view value) {
    MDB_val k = val(key), v = val(value);
    int rc = mdb_put(txn_, env_.dbi(), &k, &v, 0);
    if (rc) fail("cannot write", rc);
}

void LmdbTxn::del(std::string_view key) {
    MDB_val k = val(key);
    int rc = mdb_del(txn_, env_.dbi(), &k, nullptr);
    if (rc && rc != MDB_NOTFOUND) fail("cannot delete", rc);
}

namespace {
class Cursor {
public:
    Cursor(MDB_txn* txn, MDB_dbi dbi, int& rc) { rc = mdb_cursor_open(txn, dbi, &c_); }
    ~Cursor() {
        if (c_) mdb_cursor_close(c_);
    }
    MDB_cursor* get() const { return c_; }
private:
    MDB_cursor* c_ = nullptr;
};
}  // namespace

void LmdbTxn::del_range(std::string_view from, std::string_view to) {
    int rc = 0;
    Cursor c(txn_, env_.dbi(), rc);
    if (rc) fail("cannot open a cursor", rc);
    MDB_val k = val(from), v;
    // After mdb_cursor_del the cursor stands on the next record; MDB_NEXT then returns it.
    for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_SET_RANGE); rc == 0 && view(k) < to;
         rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT)) {
        rc = mdb_cursor_del(c.get(), 0);
        if (rc) fail("cannot delete", rc);
    }
    if (rc && rc != MDB_NOTFOUND) fail("cannot delete", rc);
}

void LmdbTxn::scan(std::string_view prefix, const std::function<bool(std::string_view, std::string_view)>& fn) const {
    int rc = 0;
    Cursor c(txn_, env_.dbi(), rc);
    if (rc) fail("cannot open a cursor", rc);
    MDB_val k = val(prefix), v;
    // LMDB refuses an empty key: the empty prefix starts at the first record.
    for (rc = mdb_cursor_get(c.get(), &k, &v, prefix.empty() ? MDB_FIRST : MDB_SET_RANGE); rc == 0;
         rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT)) {
        if (view(k).substr(0, prefix.size()) != prefix) return;
        if (!fn(view(k), view(v))) return;
    }
    if (rc != MDB_NOTFOUND) fail("cannot read", rc);
}

void LmdbTxn::scan_range(std::string_view from, std::string_view to,
                         const std::function<bool(std::string_view, std::string_view)>& fn) const {
    int rc = 0;
    Cursor c(txn_, env_.dbi(), rc);
    if (rc) fail("cannot open a cursor", rc);
    MDB_val k = val(from), v;
    for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_SET_RANGE); rc == 0; rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT)) {
        if (view(k) >= to) return;
        if (!fn(view(k), view(v))) return;
    }
    if (rc != MDB_NOTFOUND) fail("cannot read", rc);
}

void LmdbTxn::renew() {
    mdb_txn_reset(txn_);
    int rc = mdb_txn_renew(txn_);
    if (rc) fail("cannot renew a read transaction", rc);
}

void LmdbTxn::commit() {
    int rc = mdb_txn_commit(txn_);
    txn_ = nullptr;
    if (rc) fail("cannot commit a checkpoint", rc);
}

}  // namespace eddy
