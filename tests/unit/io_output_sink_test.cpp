// Unit tests for OutputSink: append semantics and length(), buffering and flushing,
// open errors (73), EPIPE (141, silent) and ENOSPC (74), a destructor that never throws.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "io/output_sink.hpp"
#include "io_test_files.hpp"

using namespace eddy;
using namespace eddy::test;

namespace {


std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}


}  // namespace

TEST_CASE("OutputSink appends to an existing file and counts length from its size") {
    TempDir dir;
    const std::string path = dir.path + "/out.ndjson";
    std::ofstream(path, std::ios::binary) << "old\n";  // 4 bytes already there
    {
        OutputSink sink = OutputSink::open_file(path);
        CHECK(sink.name() == path);
        CHECK(sink.length() == 4);
        sink.append_line("{\"a\":1}");  // 8 bytes
        CHECK(sink.length() == 12);
        CHECK(slurp(path) == "old\n");  // still buffered
        sink.flush();
        CHECK(slurp(path) == "old\n{\"a\":1}\n");
        CHECK(sink.bytes_written() == 8);
        sink.buffer() += "{\"b\":";  // a formatter writing in place
        sink.append("2}\n");
        CHECK(sink.length() == 20);
        sink.flush();
        CHECK(sink.length() == 20);
    }
    CHECK(slurp(path) == "old\n{\"a\":1}\n{\"b\":2}\n");
    // A second sink on the same file starts at its current size and appends.
    OutputSink again = OutputSink::open_file(path);
    CHECK(again.length() == 20);
    again.append_line("x");
    again.flush();
    CHECK(slurp(path) == "old\n{\"a\":1}\n{\"b\":2}\nx\n");
    CHECK(again.length() == 22);
}

TEST_CASE("OutputSink creates a missing file with mode 0644 (under umask 022)") {
    TempDir dir;
    const std::string path = dir.path + "/new.ndjson";
    const mode_t old = ::umask(022);
    {
        OutputSink sink = OutputSink::open_file(path);
        CHECK(sink.length() == 0);
        sink.append_line("1");
        sink.sync();
    }
    ::umask(old);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    CHECK(slurp(path) == "1\n");
}

TEST_CASE("OutputSink's destructor writes what is still buffered") {
    TempDir dir;
    const std::string path = dir.path + "/d.ndjson";
    {
        OutputSink sink = OutputSink::open_file(path);
        sink.append("no flush");
    }
    CHECK(slurp(path) == "no flush");
}

TEST_CASE("OutputSink::maybe_flush writes only past the threshold") {
    TempDir dir;
    const std::string path = dir.path + "/m.ndjson";
    OutputSink sink = OutputSink::open_file(path);
    const std::string row(1000, 'r');
    std::size_t appended = 0;
    while (appended + row.size() < OutputSink::kFlushThreshold) {
        sink.append(row);
        appended += row.size();
        sink.maybe_flush();
    }
    CHECK(sink.bytes_written() == 0);
    sink.append(row);  // now at or over 1 MiB
    sink.maybe_flush();
    CHECK(sink.bytes_written() == appended + row.size());
    CHECK(sink.buffer().empty());
}

TEST_CASE("OutputSink open failure exits 73 with '<path>: <strerror>'") {
    TempDir dir;
    const std::string path = dir.path + "/no/such/dir/out.ndjson";
    EddyError e = error_of([&] { (void)OutputSink::open_file(path); });
    CHECK(e.code() == ExitCode::cant_create);
    CHECK(std::string(e.what()) == path + ": No such file or directory");
}

TEST_CASE("OutputSink turns EPIPE into a silent broken_pipe") {
    ::signal(SIGPIPE, SIG_IGN);  // as main() does
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    {
        OutputSink sink = OutputSink::open_file("/dev/fd/" + std::to_string(fds[1]));
        ::close(fds[0]);  // downstream went away
        sink.append_line("row");
        EddyError e = error_of([&] { sink.flush(); });
        CHECK(e.code() == ExitCode::broken_pipe);
        CHECK(std::string(e.what()).empty());
        CHECK(sink.bytes_written() == 0);
        CHECK(sink.length() == 4);  // the unwritten row is still counted as buffered
    }  // the destructor must not throw nor retry
    ::close(fds[1]);
}

TEST_CASE("OutputSink reports a full disk as exit 74 naming the file") {
    OutputSink sink = OutputSink::open_file("/dev/full");
    sink.append_line("row");
    EddyError e = error_of([&] { sink.flush(); });
    CHECK(e.code() == ExitCode::io);
    CHECK(std::string(e.what()) == "/dev/full: No space left on device");
}

TEST_CASE("OutputSink for stdout is named <stdout> and not closed") {
    {
        OutputSink sink = OutputSink::open_stdout();
        CHECK(sink.name() == "<stdout>");
        CHECK(sink.fd() == STDOUT_FILENO);
    }
    CHECK(::fcntl(STDOUT_FILENO, F_GETFD) != -1);
}
