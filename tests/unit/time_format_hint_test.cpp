// Every time_format eddy suggests must read the text it was suggested for, to the right instant.
#include <doctest/doctest.h>

#include "time/time_format_hint.hpp"
#include "time/time_parser.hpp"

using namespace eddy;

namespace {
// The instant `format` reads from `text` (UTC for texts without an offset), or an error.
std::string read_with(const std::string& format, std::string_view text) {
    TimeFormat f;
    if (format.starts_with("epoch_")) {
        f.kind = format == "epoch_s" ? TimeFormatKind::epoch_s : format == "epoch_ms" ? TimeFormatKind::epoch_ms
               : format == "epoch_us" ? TimeFormatKind::epoch_us : TimeFormatKind::epoch_ns;
    } else {
        f.kind = TimeFormatKind::strftime;
        f.pattern = format;
    }
    auto parser = TimeParser::create(f, "UTC");
    if (!parser.ok()) return "cannot create: " + parser.error().message;
    FieldValue v;
    v.kind = JsonKind::string;
    v.string = v.raw = text;
    auto t = parser.value().parse(v);
    return t.ok() ? std::to_string(t.value().ns()) : t.error().message;
}
}  // namespace

TEST_CASE("time format hints read what they are suggested for") {
    const int64_t s = 1'000'000'000;
    const int64_t at = 1714557600 * s;  // 2024-05-01T10:00:00Z
    struct Case {
        const char* text;
        const char* format;
        int64_t ns;
    };
    for (const Case& c : {Case{"01/May/2024:12:00:00 +0200", "%d/%b/%Y:%H:%M:%S %z", at},
                          Case{"Wed, 01 May 2024 10:00:00 +0000", "%a, %d %b %Y %H:%M:%S %z", at},
                          Case{"Wed, 1 May 2024 10:00:00 GMT", "%a, %d %b %Y %H:%M:%S GMT", at},
                          Case{"2024-05-01T10:00:00.25", "%Y-%m-%dT%H:%M:%E*S", at + s / 4},
                          Case{"2024-05-01 10:00:00", "%Y-%m-%d %H:%M:%E*S", at},
                          Case{"2024/05/01 10:00:00", "%Y/%m/%d %H:%M:%S", at},
                          Case{"1714557600.5", "epoch_s", at + s / 2},
                          Case{"1714557600500.5", "epoch_ms", at + s / 2 + 500'000},
                          Case{"1714557600000000.5", "epoch_us", at + 500}}) {
        CAPTURE(c.text);
        const auto hint = suggest_time_format(c.text);
        REQUIRE(hint.has_value());
        CHECK(hint->time_format == c.format);
        CHECK(read_with(hint->time_format, c.text) == std::to_string(c.ns));
    }
}

TEST_CASE("time format hints: syslog has no usable format, unknown texts no hint") {
    const auto syslog = suggest_time_format("May  1 10:00:00");
    REQUIRE(syslog.has_value());
    CHECK(syslog->time_format.empty());
    CHECK(time_format_hint_text("May  1 10:00:00").find("no year") != std::string::npos);
    CHECK_FALSE(suggest_time_format("yesterday").has_value());
    CHECK(time_format_hint_text("yesterday").empty());
    CHECK(time_format_hint_text("01/May/2024:10:00:00 +0000") ==
          " (an Apache/nginx time: try time_format = \"%d/%b/%Y:%H:%M:%S %z\")");
}
