// Shared by the io unit tests: a temporary directory that cleans up after itself, and
// gzip members / zstd frames made with the libraries, so compressed inputs need no tools.
#pragma once
#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"

namespace eddy::test {

struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/eddy_io_test_XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& bytes) const {
        const std::string file = path + "/" + name;
        std::ofstream(file, std::ios::binary) << bytes;
        return file;
    }
};

inline std::string gzip_member(const std::string& data) {
    z_stream s{};
    REQUIRE(deflateInit2(&s, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&s, data.size()) + 32, '\0');
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    s.avail_in = static_cast<uInt>(data.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&s, Z_FINISH) == Z_STREAM_END);
    out.resize(s.total_out);
    deflateEnd(&s);
    return out;
}

inline std::string zstd_frame(const std::string& data) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
    REQUIRE(!ZSTD_isError(n));
    out.resize(n);
    return out;
}

// Runs f and returns the EddyError it throws (code internal and "no throw" if none).
template <class F>
EddyError error_of(F&& f) {
    try {
        f();
    } catch (const EddyError& e) {
        return e;
    }
    return EddyError(ExitCode::internal, "no throw");
}

}  // namespace eddy::test
