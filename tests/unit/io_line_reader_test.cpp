// Unit tests for LineReader: lines across block edges, CRLF, empty lines, BOM, a final line
// without '\n', oversize lines, compressed input, resuming, padding, and a live pipe.
#include <doctest/doctest.h>
#include <simdjson.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "io/line_reader.hpp"
#include "io_test_files.hpp"

using namespace eddy;
using namespace eddy::test;

static_assert(kLinePadding >= simdjson::SIMDJSON_PADDING, "LineReader must keep simdjson's padding");

namespace {


struct Got {
    std::string text;
    uint64_t number, offset, end_offset;
    bool terminated, oversize;
    bool operator==(const Got&) const = default;
};

// One readable string per list of lines, so a failing CHECK shows both sides.
std::string show(const std::vector<Got>& lines) {
    std::string s;
    for (const Got& g : lines) {
        s += "{\"" + g.text + "\" #" + std::to_string(g.number) + " @" + std::to_string(g.offset) + ".." +
             std::to_string(g.end_offset) + (g.terminated ? "" : " unterminated") + (g.oversize ? " oversize" : "") + "} ";
    }
    return s;
}

// Reads every line; also checks each text's padding is readable (ASan catches a lie).
std::vector<Got> read_lines(LineReader& reader) {
    std::vector<Got> out;
    Line line;
    while (reader.next(line)) {
        CHECK(reader.readable_after(line.text) >= kLinePadding);
        volatile char sink = 0;
        for (std::size_t i = 0; i < kLinePadding; ++i) sink = sink + line.text.data()[line.text.size() + i];
        out.push_back({std::string(line.text), line.number, line.offset, line.end_offset, line.terminated, line.oversize});
    }
    return out;
}

std::vector<Got> read_file(const std::string& path, LineReaderOptions options = {}) {
    LineReader reader(InputStream::open(path), options);
    return read_lines(reader);
}

LineReaderOptions blocks(std::size_t block_size, std::size_t max_line = kMaxLineLength) {
    LineReaderOptions o;
    o.block_size = block_size;
    o.max_line_length = max_line;
    return o;
}



}  // namespace

TEST_CASE("LineReader hands out lines with numbers and offsets; empty lines are empty text") {
    TempDir dir;
    // Offsets by hand: "a\n" 0..2, "bb\n" 2..5, "\n" 5..6, "ccc\n" 6..10.
    const std::vector<Got> want = {
        {"a", 1, 0, 2, true, false},
        {"bb", 2, 2, 5, true, false},
        {"", 3, 5, 6, true, false},
        {"ccc", 4, 6, 10, true, false},
    };
    const std::string path = dir.write("f", "a\nbb\n\nccc\n");
    CHECK(show(read_file(path)) == show(want));
    LineReader reader(InputStream::open(path));
    read_lines(reader);
    CHECK(reader.lines() == 4);
    CHECK(reader.bytes_consumed() == 10);
}

TEST_CASE("LineReader gives the same lines for every block size") {
    TempDir dir;
    // Line i (0-based) is 'x' repeated 3*i, so lines straddle 1..20-byte blocks everywhere.
    std::string text;
    std::vector<Got> want;
    uint64_t off = 0;
    for (int i = 0; i < 12; ++i) {
        const std::string l(static_cast<std::size_t>(3 * i), static_cast<char>('a' + i));
        text += l + "\n";
        want.push_back({l, static_cast<uint64_t>(i + 1), off, off + l.size() + 1, true, false});
        off += l.size() + 1;
    }
    const std::string path = dir.write("f", text);
    for (std::size_t block = 1; block <= 20; ++block) {
        CAPTURE(block);
        CHECK(show(read_file(path, blocks(block))) == show(want));
    }
    CHECK(show(read_file(path, blocks(16))) == show(want));
}

TEST_CASE("LineReader keeps '\\r' of CRLF in the text") {
    TempDir dir;
    const std::vector<Got> want = {{"x\r", 1, 0, 3, true, false}, {"\r", 2, 3, 5, true, false}, {"yz\r", 3, 5, 9, true, false}};
    CHECK(show(read_file(dir.write("f", "x\r\n\r\nyz\r\n"), blocks(2))) == show(want));
}

TEST_CASE("LineReader skips a UTF-8 BOM at the start of an input only") {
    TempDir dir;
    // "\xEF\xBB\xBF" is bytes 0..3, so line 1's text starts at offset 3.
    const std::vector<Got> want = {{"{}", 1, 3, 6, true, false}, {"\xEF\xBB\xBF{}", 2, 6, 12, true, false}};
    const std::string path = dir.write("f", "\xEF\xBB\xBF{}\n\xEF\xBB\xBF{}\n");
    for (std::size_t block : {1, 2, 4, 64}) {
        CAPTURE(block);
        CHECK(show(read_file(path, blocks(block))) == show(want));
    }
    // A BOM alone on the first line leaves an empty (blank) line.
    const std::vector<Got> bom_only = {{"", 1, 3, 4, true, false}};
    CHECK(show(read_file(dir.write("g", "\xEF\xBB\xBF\n"))) == show(bom_only));
    // Two bytes of a BOM are not a BOM.
    const std::vector<Got> partial = {{"\xEF\xBB", 1, 0, 3, true, false}};
    CHECK(show(read_file(dir.write("h", "\xEF\xBB\n"))) == show(partial));
}

TEST_CASE("LineReader hands out a final line without '\\n' as unterminated") {
    TempDir dir;
    const std::vector<Got> want = {{"a", 1, 0, 2, true, false}, {"bc", 2, 2, 4, false, false}};
    CHECK(show(read_file(dir.write("f", "a\nbc"), blocks(3))) == show(want));
    CHECK(read_file(dir.write("e", "")).empty());
    const std::vector<Got> lone = {{"", 1, 0, 1, true, false}};
    CHECK(show(read_file(dir.write("n", "\n"))) == show(lone));
}

TEST_CASE("LineReader reports oversize lines once, with their place, and skips them") {
    TempDir dir;
    // Limit 5. "12345" fits (0..6); "123456" (6..13) is over; "ab" 13..16; the unterminated
    // 25-byte tail 16..41 is over too.
    const std::string path = dir.write("f", "12345\n123456\nab\n1234567890123456789012345");
    const std::vector<Got> want = {
        {"12345", 1, 0, 6, true, false},
        {"", 2, 6, 13, true, true},
        {"ab", 3, 13, 16, true, false},
        {"", 4, 16, 41, false, true},
    };
    for (std::size_t block = 1; block <= 24; ++block) {
        CAPTURE(block);
        CHECK(show(read_file(path, blocks(block, 5))) == show(want));
    }
    // A BOM does not count towards the length: 5 bytes after it fit.
    const std::vector<Got> bom = {{"abcde", 1, 3, 9, true, false}, {"", 2, 9, 16, true, true}};
    CHECK(show(read_file(dir.write("b", "\xEF\xBB\xBF" "abcde\nabcdef\n"), blocks(2, 5))) == show(bom));
}

TEST_CASE("LineReader skips an oversize line without buffering it") {
    TempDir dir;
    // A 1 MiB line under a 100-byte limit and 16-byte blocks: the buffer never needs more
    // than limit + block bytes, so readable_after() of a later line stays small.
    std::string text = "ok\n" + std::string(1 << 20, 'z') + "\nend\n";
    LineReader reader(InputStream::open(dir.write("big", text)), blocks(16, 100));
    Line line;
    REQUIRE(reader.next(line));
    CHECK(line.text == "ok");
    REQUIRE(reader.next(line));
    CHECK(line.oversize);
    CHECK(line.number == 2);
    CHECK(line.offset == 3);
    CHECK(line.end_offset == 3 + (1u << 20) + 1);
    REQUIRE(reader.next(line));
    CHECK(line.text == "end");
    CHECK(line.offset == 3 + (1u << 20) + 1);
    CHECK(reader.readable_after(line.text) <= 2 * (100 + 1 + 16) + kLinePadding);
    CHECK_FALSE(reader.next(line));
}

TEST_CASE("LineReader reads lines across gzip members and zstd frames") {
    TempDir dir;
    // The middle line "bc" is split between two members/frames.
    const std::vector<Got> want = {{"a", 1, 0, 2, true, false}, {"bc", 2, 2, 5, true, false}, {"d", 3, 5, 7, true, false}};
    const std::string gz = dir.write("f.gz", gzip_member("a\nb") + gzip_member("c\nd\n"));
    CHECK(show(read_file(gz, blocks(1))) == show(want));
    CHECK(show(read_file(gz)) == show(want));
    const std::string zst = dir.write("f.zst", zstd_frame("a\nb") + zstd_frame("c\nd\n"));
    CHECK(show(read_file(zst, blocks(1))) == show(want));
    CHECK(show(read_file(zst)) == show(want));
}

TEST_CASE("LineReader resumes at an input cursor with the stored line number") {
    TempDir dir;
    InputStream in = InputStream::open(dir.write("f", "\xEF\xBB\xBF" "aa\nbb\ncc\n"));
    REQUIRE(in.skip_to(6) == 6);
    LineReaderOptions o;
    o.first_line_number = 2;
    LineReader reader(std::move(in), o);
    const std::vector<Got> want = {{"bb", 2, 6, 9, true, false}, {"cc", 3, 9, 12, true, false}};
    CHECK(show(read_lines(reader)) == show(want));
    CHECK(reader.bytes_consumed() == 12);
}

TEST_CASE("LineReader never calls the would-block hook for a regular file") {
    TempDir dir;
    LineReader reader(InputStream::open(dir.write("f", "a\nb\n")), blocks(1));
    int calls = 0;
    reader.set_would_block_hook([&] { ++calls; });
    CHECK(read_lines(reader).size() == 2);
    CHECK(calls == 0);
}

TEST_CASE("LineReader on a live pipe: lines arrive at once, the hook runs before blocking") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::mutex m;
    std::condition_variable cv;
    int hook_calls = 0;
    int lines_seen = 0;
    std::atomic<bool> writer_closed{false};
    std::atomic<bool> writer_timed_out{false};

    // The writer sends the next burst only after the reader has called the hook, i.e. after
    // it found the pipe empty: so the hook must run, and lines must come without EOF.
    std::thread writer([&] {
        const char* bursts[] = {"1\n", "2\n3\n4\n", "5"};
        for (int i = 0; i < 3; ++i) {
            std::unique_lock lock(m);
            if (!cv.wait_for(lock, std::chrono::seconds(5), [&] { return hook_calls > i; })) writer_timed_out = true;
            lock.unlock();
            (void)!::write(fds[1], bursts[i], std::strlen(bursts[i]));
        }
        // Close only once the reader holds line 4, so it cannot have waited for EOF.
        std::unique_lock lock(m);
        if (!cv.wait_for(lock, std::chrono::seconds(5), [&] { return lines_seen >= 4; })) writer_timed_out = true;
        writer_closed = true;
        ::close(fds[1]);
    });

    LineReader reader(InputStream::open("/dev/fd/" + std::to_string(fds[0])), blocks(1 << 20));
    reader.set_would_block_hook([&] {
        std::lock_guard lock(m);
        ++hook_calls;
        cv.notify_all();
    });
    std::vector<std::string> texts;
    std::vector<int> hooks_at;
    Line line;
    while (reader.next(line)) {
        texts.emplace_back(line.text);
        std::lock_guard lock(m);
        hooks_at.push_back(hook_calls);
        if (line.terminated) CHECK_FALSE(writer_closed.load());
        ++lines_seen;
        cv.notify_all();
    }
    writer.join();
    ::close(fds[0]);
    CHECK_FALSE(writer_timed_out.load());
    CHECK(texts == std::vector<std::string>{"1", "2", "3", "4", "5"});
    // One hook per blocking read, none per line: "2","3","4" came from one read.
    REQUIRE(hooks_at.size() == 5);
    CHECK(hooks_at[0] == 1);
    CHECK(hooks_at[1] == 2);
    CHECK(hooks_at[2] == 2);
    CHECK(hooks_at[3] == 2);
    CHECK(hooks_at[4] >= 3);
}
