// The hand-written RFC 3339 reader for the hot path (SPEC §8 rule 3): fixed-position fields,
// no allocation, no time library; the caller applies the zone when the text has no offset.
#pragma once
#include <cstdint>
#include <string_view>

namespace eddy {

struct Rfc3339Fields {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    int32_t nanos = 0;           // fraction digits past the 9th dropped
    bool has_offset = false;     // 'Z', 'z' or +HH:MM / -HH:MM was written
    int32_t offset_seconds = 0;  // east of UTC; 0 for 'Z'
};

// YYYY-MM-DD('T'|'t'|' ')HH:MM:SS('.'digits)?('Z'|'z'|('+'|'-')HH:MM)? and nothing else.
// Rejects month 13, day 0 or past the month's end, hour 24, minute 60, second 60,
// offsets past 23:59. False means unparsable; the int64 range is checked later.
bool read_rfc3339(std::string_view text, Rfc3339Fields& out);

// Seconds since the epoch of the fields' civil date and time read as UTC (offset not applied).
int64_t civil_seconds_as_utc(const Rfc3339Fields& f);

// seconds * 1e9 + nanos; false outside int64 or on INT64_MIN / INT64_MAX (the infinities).
bool seconds_to_event_ns(int64_t seconds, int32_t nanos, int64_t& ns);

}  // namespace eddy
