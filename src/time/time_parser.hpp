// Turns the time field of a record into an EventTime, per [source] time_format and timezone
// (SPEC §3, §8 rules 2 and 3). One TimeParser is built per pipeline; parse() is the hot path.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time_types.hpp"
#include "json/field_value.hpp"
#include "time/time_format.hpp"

namespace eddy {

class TimeParser {
public:
    // Fails (Error without position) for an unknown IANA zone or an unusable strftime pattern.
    static Result<TimeParser> create(const TimeFormat& format, std::string_view timezone);

    // The event time of `value`, or an Error whose message says why, e.g.
    // "missing time", "time is not a string or number", "unparsable time '2024-13-01T00:00:00Z'",
    // "time out of range". RFC 3339 and epoch formats never allocate; strftime goes through absl::ParseTime.
    Result<EventTime> parse(const FieldValue& value) const;

    TimeParser(TimeParser&&) noexcept;
    TimeParser& operator=(TimeParser&&) noexcept;
    ~TimeParser();

private:
    TimeParser();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace eddy
