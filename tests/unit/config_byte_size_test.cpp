// Unit tests for config/byte_size ([state] max_size): binary units only, sizes worked out
// by hand as powers of 1024.
#include <doctest/doctest.h>

#include "config/byte_size.hpp"

using namespace eddy;

TEST_CASE("byte_size: parse") {
    CHECK(parse_byte_size("4GiB") == std::optional<uint64_t>(4294967296ULL));
    CHECK(parse_byte_size("512MiB") == std::optional<uint64_t>(536870912ULL));
    CHECK(parse_byte_size("1TiB") == std::optional<uint64_t>(1099511627776ULL));
    CHECK(parse_byte_size("3KiB") == std::optional<uint64_t>(3072ULL));
    CHECK(parse_byte_size("100B") == std::optional<uint64_t>(100ULL));
    CHECK(parse_byte_size("0B") == std::optional<uint64_t>(0ULL));
    for (const char* bad : {"4XB", "4", "GiB", "4 GiB", "4gib", "4GB", "-4GiB", "1.5GiB", "", "16777216TiB"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_byte_size(bad).has_value());
    }
    // 2^24 TiB = 2^64 bytes overflows; one less fits.
    CHECK(parse_byte_size("16777215TiB") == std::optional<uint64_t>(16777215ULL << 40));
}

TEST_CASE("byte_size: format in the largest exact unit") {
    CHECK(format_byte_size(4294967296ULL) == "4GiB");
    CHECK(format_byte_size(1536) == "1536B");
    CHECK(format_byte_size(3072) == "3KiB");
    CHECK(format_byte_size(1099511627776ULL) == "1TiB");
    CHECK(format_byte_size(0) == "0B");
}
