#include <doctest/doctest.h>
#include "core/time_types.hpp"
using namespace eddy;
TEST_CASE("EventTime arithmetic saturates at the infinities") {
    CHECK((EventTime::max_infinity() + Duration(5)).is_max_infinity());
    CHECK((EventTime::min_infinity() - Duration(5)).is_min_infinity());
    CHECK((EventTime(10) - Duration(3)).ns() == 7);
    CHECK((EventTime(INT64_MAX - 1) + Duration(100)).is_max_infinity());
}
