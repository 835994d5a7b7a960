// The source watermark is max seen - max_out_of_orderness, starts at -inf, never goes back.
#include <doctest/doctest.h>

#include "time/watermark.hpp"

using namespace eddy;

TEST_CASE("watermark starts at -inf and follows the largest time seen minus the bound") {
    SourceWatermark w(Duration(5));
    CHECK(w.current().is_min_infinity());
    w.observe(EventTime(100));
    CHECK(w.current() == EventTime(95));
    w.observe(EventTime(50));  // an older event does not move it back
    CHECK(w.current() == EventTime(95));
    w.observe(EventTime(100));
    CHECK(w.current() == EventTime(95));
    w.observe(EventTime(101));
    CHECK(w.current() == EventTime(96));
    w.drain();
    CHECK(w.current().is_max_infinity());
}

TEST_CASE("watermark near the lower int64 bound saturates instead of wrapping") {
    SourceWatermark w(Duration(1000));
    w.observe(EventTime(INT64_MIN + 10));
    CHECK(w.current().is_min_infinity());
}
