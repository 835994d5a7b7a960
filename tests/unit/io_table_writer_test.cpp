// csv/tsv cells: RFC 4180 quoting, tsv escapes, columns by name, missing and null empty.
#include <doctest/doctest.h>

#include "io/table_writer.hpp"

using namespace eddy;

TEST_CASE("table writer: csv quotes only what needs it; cells follow the header by name") {
    TableWriter w(OutputFormat::csv, {"k", "a", "b", "c"});
    std::string out;
    w.append_header(out);
    w.append_row(R"({"b":"x,y","k":"plain","c":{"q":"\"z\""}})", out);
    w.append_row(R"({"k":null,"a":1.5e3,"b":"cr\r","c":[true,false]})", out);
    CHECK(out == "k,a,b,c\n"
                 "plain,,\"x,y\",\"{\"\"q\"\":\"\"\\\"\"z\\\"\"\"\"}\"\n"
                 ",1.5e3,\"cr\r\",\"[true,false]\"\n");
}

TEST_CASE("table writer: tsv escapes tabs, line ends and backslashes") {
    TableWriter w(OutputFormat::tsv, {"a\tb", "v"});
    std::string out;
    w.append_header(out);
    w.append_row(R"({"v":"1\t2\n3\\4"})", out);
    CHECK(out == "a\\tb\tv\n\t1\\t2\\n3\\\\4\n");
}

TEST_CASE("table writer: a member outside the header is an internal error") {
    TableWriter w(OutputFormat::csv, {"a"});
    std::string out;
    CHECK_THROWS(w.append_row(R"({"b":1})", out));
}
