// Unit tests for InputStream: plain files, gzip and zstd (single and multi-member/frame,
// corrupt, truncated), open errors, skip_to, and magic sniffing on a pipe fed byte by byte.
#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdlib>
#include <filesystem>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "io/input_stream.hpp"
#include "io_test_files.hpp"

using namespace eddy;
using namespace eddy::test;

namespace {




std::string read_all(InputStream& in, std::size_t chunk = 4096) {
    std::string out;
    std::string buf(chunk, '\0');
    while (std::size_t n = in.read(buf.data(), buf.size())) out.append(buf.data(), n);
    return out;
}


// Text long enough that deflate and zstd produce several raw blocks at small block sizes.
std::string sample_text(int lines, char tag) {
    std::string s;
    for (int i = 0; i < lines; ++i) s += "{\"n\":" + std::to_string(i) + ",\"t\":\"" + tag + "\"}\n";
    return s;
}

}  // namespace

TEST_CASE("InputStream reads a plain file exactly, in small pieces too") {
    TempDir dir;
    const std::string text = "{\"a\":1}\n{\"a\":2}\nno newline at end";
    const std::string path = dir.write("plain.ndjson", text);
    InputStream in = InputStream::open(path);
    CHECK(in.display_name() == path);
    CHECK(in.identity().regular);
    CHECK(in.identity().size == text.size());
    CHECK(in.compression() == Compression::none);
    CHECK(read_all(in, 3) == text);
    CHECK(in.position() == text.size());
    CHECK(in.raw_bytes_read() == text.size());
    char c;
    CHECK(in.read(&c, 1) == 0);  // stays at the end
}

TEST_CASE("InputStream on an empty file and a one-byte file that starts like a magic") {
    TempDir dir;
    InputStream empty = InputStream::open(dir.write("empty", ""));
    CHECK(read_all(empty).empty());
    CHECK(empty.compression() == Compression::none);
    // 0x1f alone is a proper prefix of the gzip magic; at EOF it is plain data.
    InputStream one = InputStream::open(dir.write("one", "\x1f"));
    CHECK(one.compression() == Compression::none);
    CHECK(read_all(one) == "\x1f");
    InputStream zs = InputStream::open(dir.write("zs", "(\xb5/x\n"));  // 28 b5 2f then not fd
    CHECK(zs.compression() == Compression::none);
    CHECK(read_all(zs) == "(\xb5/x\n");
}

TEST_CASE("InputStream open errors exit 66 with '<path>: <strerror>'") {
    TempDir dir;
    const std::string missing = dir.path + "/missing.ndjson";
    EddyError e = error_of([&] { (void)InputStream::open(missing); });
    CHECK(e.code() == ExitCode::no_input);
    CHECK(std::string(e.what()) == missing + ": No such file or directory");
    EddyError d = error_of([&] { (void)InputStream::open(dir.path); });
    CHECK(d.code() == ExitCode::no_input);
    CHECK(std::string(d.what()) == dir.path + ": Is a directory");
}

TEST_CASE("InputStream \"-\" is stdin, named <stdin>") {
    InputStream in = InputStream::open("-");
    CHECK(in.display_name() == "<stdin>");
}

TEST_CASE("InputStream decompresses a gzip file") {
    TempDir dir;
    const std::string text = sample_text(500, 'g');
    const std::string path = dir.write("one.gz", gzip_member(text));
    InputStream in = InputStream::open(path);
    CHECK(in.compression() == Compression::gzip);
    CHECK(read_all(in, 1000) == text);
    CHECK(in.position() == text.size());
    CHECK(in.raw_bytes_read() == in.identity().size);
}

TEST_CASE("InputStream reads every member of a multi-member gzip file, at any block cut") {
    TempDir dir;
    const std::string a = sample_text(40, 'a');
    const std::string b = "";  // an empty member in the middle
    const std::string c = sample_text(30, 'c');
    const std::string raw = gzip_member(a) + gzip_member(b) + gzip_member(c);
    const std::string path = dir.write("multi.gz", raw);
    // Raw block sizes from 64 (the minimum) upwards put the member boundaries everywhere,
    // including exactly at a block's end.
    for (std::size_t block = 64; block < 64 + 80; ++block) {
        InputStream in = InputStream::open(path, block);
        CHECK(read_all(in, 7) == a + b + c);
    }
    InputStream bytewise = InputStream::open(path);
    CHECK(read_all(bytewise, 1) == a + b + c);
}

TEST_CASE("InputStream reports corrupt and truncated gzip with exit 74") {
    TempDir dir;
    const std::string good = gzip_member(sample_text(20, 'x'));

    std::string bad_crc = good;
    bad_crc[bad_crc.size() - 8] ^= 0x55;  // the CRC32 in the trailer
    const std::string crc_path = dir.write("crc.gz", bad_crc);
    EddyError e1 = error_of([&] {
        InputStream in = InputStream::open(crc_path);
        read_all(in);
    });
    CHECK(e1.code() == ExitCode::io);
    CHECK(std::string(e1.what()) == crc_path + ": corrupt gzip data: incorrect data check");

    const std::string cut_path = dir.write("cut.gz", good.substr(0, good.size() - 4));
    EddyError e2 = error_of([&] {
        InputStream in = InputStream::open(cut_path);
        read_all(in);
    });
    CHECK(e2.code() == ExitCode::io);
    CHECK(std::string(e2.what()) == cut_path + ": corrupt gzip data: unexpected end of file");

    const std::string junk_path = dir.write("junk.gz", good + "junk after the member");
    EddyError e3 = error_of([&] {
        InputStream in = InputStream::open(junk_path);
        read_all(in);
    });
    CHECK(e3.code() == ExitCode::io);
    CHECK(std::string(e3.what()).rfind(junk_path + ": corrupt gzip data: ", 0) == 0);
}

TEST_CASE("InputStream decompresses zstd, one frame and several") {
    TempDir dir;
    const std::string a = sample_text(300, 'a');
    const std::string b = sample_text(7, 'b');
    const std::string one = dir.write("one.zst", zstd_frame(a));
    InputStream in1 = InputStream::open(one);
    CHECK(in1.compression() == Compression::zstd);
    CHECK(read_all(in1) == a);

    const std::string multi = dir.write("multi.zst", zstd_frame(a) + zstd_frame(b) + zstd_frame(a));
    for (std::size_t block : {std::size_t{64}, std::size_t{65}, std::size_t{100}, kInputBlockSize}) {
        InputStream in = InputStream::open(multi, block);
        CHECK(read_all(in, 13) == a + b + a);
    }
    // One output byte per call: a frame's end is never mistaken for the next frame's start.
    InputStream bytewise = InputStream::open(multi);
    CHECK(read_all(bytewise, 1) == a + b + a);
}

TEST_CASE("InputStream reports truncated and corrupt zstd with exit 74") {
    TempDir dir;
    const std::string good = zstd_frame(sample_text(100, 'z'));
    const std::string cut_path = dir.write("cut.zst", good.substr(0, good.size() - 3));
    EddyError e1 = error_of([&] {
        InputStream in = InputStream::open(cut_path);
        read_all(in);
    });
    CHECK(e1.code() == ExitCode::io);
    CHECK(std::string(e1.what()) == cut_path + ": corrupt zstd data: unexpected end of file");

    const std::string junk_path = dir.write("junk.zst", good + "garbage!");
    EddyError e2 = error_of([&] {
        InputStream in = InputStream::open(junk_path);
        read_all(in);
    });
    CHECK(e2.code() == ExitCode::io);
    CHECK(std::string(e2.what()).rfind(junk_path + ": corrupt zstd data: ", 0) == 0);
}

TEST_CASE("InputStream::skip_to resumes plain and compressed input at an offset") {
    TempDir dir;
    const std::string text = "0123456789abcdef";
    const std::string plain = dir.write("p", text);
    InputStream p = InputStream::open(plain);
    CHECK(p.skip_to(10) == 10);
    CHECK(p.position() == 10);
    CHECK(read_all(p) == "abcdef");

    InputStream short_file = InputStream::open(plain);
    CHECK(short_file.skip_to(100) == 16);  // truncated: only what is there
    CHECK(read_all(short_file).empty());

    const std::string gz = dir.write("p.gz", gzip_member(text));
    InputStream g = InputStream::open(gz);
    CHECK(g.skip_to(4) == 4);
    CHECK(read_all(g) == "456789abcdef");
}

TEST_CASE("InputStream::head holds the first raw bytes for the cursor's fingerprint") {
    TempDir dir;
    const std::string text(5000, 'q');
    InputStream in = InputStream::open(dir.write("h", text), 64);
    CHECK(in.head() == std::string(InputStream::kHeadSize, 'q'));
    InputStream small = InputStream::open(dir.write("s", "abc\n"));
    CHECK(small.head() == "abc\n");
}

TEST_CASE("InputStream sniffs gzip on a pipe that delivers one byte per write") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const std::string text = sample_text(50, 'p');
    const std::string gz = gzip_member(text);
    std::thread writer([&] {
        for (char ch : gz) {
            (void)!::write(fds[1], &ch, 1);
            if (&ch - gz.data() < 4) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        ::close(fds[1]);
    });
    InputStream in = InputStream::open("/dev/fd/" + std::to_string(fds[0]));
    CHECK_FALSE(in.identity().regular);
    CHECK(in.compression() == Compression::gzip);
    CHECK(read_all(in) == text);
    writer.join();
    ::close(fds[0]);
}
