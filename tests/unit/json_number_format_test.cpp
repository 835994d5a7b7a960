// Float and integer printing per SPEC §8 rule 19 (Python repr). Expected texts are what
// Python's repr prints for each double, worked out by hand from the rule.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "json/number_format.hpp"

using namespace eddy;

namespace {
std::string dbl(double v) {
    std::string s = "x";  // appends, never overwrites
    CHECK(append_double(s, v));
    return s.substr(1);
}
std::string integer(int64_t v) {
    std::string s;
    append_int(s, v);
    return s;
}
}  // namespace

TEST_CASE("append_double: positional inside [-4, 16), always a digit after the point") {
    CHECK(dbl(2.0) == "2.0");
    CHECK(dbl(0.0) == "0.0");
    CHECK(dbl(-0.0) == "-0.0");
    CHECK(dbl(1.5) == "1.5");
    CHECK(dbl(-1.5) == "-1.5");
    CHECK(dbl(0.5) == "0.5");
    CHECK(dbl(0.1) == "0.1");
    CHECK(dbl(0.1 + 0.2) == "0.30000000000000004");
    CHECK(dbl(1.0 / 3.0) == "0.3333333333333333");
    CHECK(dbl(100.0) == "100.0");
    CHECK(dbl(123.456) == "123.456");
    CHECK(dbl(0.001) == "0.001");
    CHECK(dbl(0.0001) == "0.0001");
    CHECK(dbl(0.00012345) == "0.00012345");
    CHECK(dbl(1e15) == "1000000000000000.0");
    CHECK(dbl(123456789012345.0) == "123456789012345.0");
    CHECK(dbl(1234567890123456.0) == "1234567890123456.0");
    CHECK(dbl(9999999999999998.0) == "9999999999999998.0");
    CHECK(dbl(9007199254740992.0) == "9007199254740992.0");
    CHECK(dbl(1.25e10) == "12500000000.0");
}

TEST_CASE("append_double: scientific outside [-4, 16), signed exponent of two or more digits") {
    CHECK(dbl(0.00001) == "1e-05");
    CHECK(dbl(9.5e-5) == "9.5e-05");
    CHECK(dbl(1.2345e-5) == "1.2345e-05");
    CHECK(dbl(-1e-7) == "-1e-07");
    CHECK(dbl(1e16) == "1e+16");
    CHECK(dbl(1.5e16) == "1.5e+16");
    CHECK(dbl(9999999999999999.0) == "1e+16");  // rounds to 1e16 when read
    CHECK(dbl(1e22) == "1e+22");
    CHECK(dbl(1e100) == "1e+100");
    CHECK(dbl(1.5e300) == "1.5e+300");
    CHECK(dbl(-2.5e-100) == "-2.5e-100");
    CHECK(dbl(5e-324) == "5e-324");
    CHECK(dbl(2.2250738585072014e-308) == "2.2250738585072014e-308");
    CHECK(dbl(1.7976931348623157e308) == "1.7976931348623157e+308");
    CHECK(dbl(9223372036854775808.0) == "9.223372036854776e+18");
    CHECK(dbl(12345678901234567890.0) == "1.2345678901234567e+19");
}

TEST_CASE("append_double: NaN and infinities append null and report false") {
    for (double v : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
        std::string s = "[";
        CHECK_FALSE(append_double(s, v));
        CHECK(s == "[null");
    }
}

TEST_CASE("append_int: all the digits, both extremes") {
    CHECK(integer(0) == "0");
    CHECK(integer(-1) == "-1");
    CHECK(integer(42) == "42");
    CHECK(integer(std::numeric_limits<int64_t>::max()) == "9223372036854775807");
    CHECK(integer(std::numeric_limits<int64_t>::min()) == "-9223372036854775808");
    std::string s;
    append_uint(s, std::numeric_limits<uint64_t>::max());
    CHECK(s == "18446744073709551615");
}
