// Record time field -> EventTime for every [source] time_format (SPEC §3, §8 rules 2, 3).
// RFC 3339 and epoch numbers take hand-written paths; absl is used for zones and strftime.
#include "time/time_parser.hpp"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>

#include <charconv>
#include <cstdint>
#include <limits>

#include "time/epoch_text.hpp"
#include "time/rfc3339.hpp"

namespace eddy {
namespace {

constexpr size_t kShownTextBytes = 64;

Error unparsable(std::string_view text) {
    std::string message = "unparsable time '";
    if (text.size() <= kShownTextBytes) {
        message += text;
    } else {
        // Cut on a UTF-8 character boundary so the message stays valid UTF-8.
        size_t cut = kShownTextBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        message += text.substr(0, cut);
        message += "...";
    }
    message += '\'';
    return Error{std::move(message)};
}

// Debian's abseil is built with its own string_view, not std::string_view.
absl::string_view as_absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

Error out_of_range() { return Error{"time out of range"}; }

bool all_ascii_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

EpochUnit epoch_unit_of(TimeFormatKind kind) {
    switch (kind) {
        case TimeFormatKind::epoch_s: return EpochUnit::s;
        case TimeFormatKind::epoch_ms: return EpochUnit::ms;
        case TimeFormatKind::epoch_us: return EpochUnit::us;
        default: return EpochUnit::ns;
    }
}

// Pipeline authors write Python-style patterns; absl's dialect differs in two places:
//  - Python's %f (fraction of a second, digits after a '.') is absl's %E*f. absl's own
//    %E*S (seconds with an optional fraction) and %E*f are passed through unchanged.
//  - Python's %z also reads "+07:00" and "Z"; absl's %z reads only "+0700" and "Z", its %Ez
//    reads all three, so %z becomes %Ez.
// "%%" stays a literal percent sign.
std::string absl_pattern(std::string_view pattern) {
    std::string out;
    out.reserve(pattern.size() + 8);
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '%' || i + 1 == pattern.size()) {
            out += pattern[i];
            continue;
        }
        const char next = pattern[++i];
        if (next == 'f') out += "%E*f";
        else if (next == 'z') out += "%Ez";
        else {
            out += '%';
            out += next;
        }
    }
    return out;
}

}  // namespace

struct TimeParser::Impl {
    TimeFormatKind kind = TimeFormatKind::auto_detect;
    std::string pattern;  // strftime: the absl form of the pattern
    bool epoch_seconds_pattern = false;  // the pattern has %s
    absl::TimeZone zone = absl::UTCTimeZone();
    // A zone without transitions (UTC, Etc/GMT+5) is one offset: no absl call per event.
    bool fixed_offset = true;
    int64_t offset_seconds = 0;
    // Exclusive bounds of the EventTimes a strftime result may map to.
    absl::Time earliest = absl::FromUnixNanos(std::numeric_limits<int64_t>::min());
    absl::Time latest = absl::FromUnixNanos(std::numeric_limits<int64_t>::max());

    Result<EventTime> from_epoch_text(std::string_view text, bool by_magnitude) const {
        DecimalText number;
        if (!read_decimal_text(text, number)) return unparsable(text);
        const EpochUnit unit = by_magnitude ? epoch_unit_by_magnitude(number) : epoch_unit_of(kind);
        int64_t ns = 0;
        if (!decimal_epoch_to_ns(number, unit, ns)) return out_of_range();
        return EventTime(ns);
    }

    Result<EventTime> from_rfc3339(std::string_view text) const {
        Rfc3339Fields f;
        if (!read_rfc3339(text, f)) return unparsable(text);
        int64_t seconds = civil_seconds_as_utc(f);
        if (f.has_offset) {
            seconds -= f.offset_seconds;
        } else if (fixed_offset) {
            seconds -= offset_seconds;
        } else {
            // SPEC §8 rule 3: a wall time that a DST change skips or repeats is read with
            // the offset in force before the change, which is exactly absl's `pre`.
            const absl::CivilSecond civil(f.year, f.month, f.day, f.hour, f.minute, f.second);
            seconds = absl::ToUnixSeconds(zone.At(civil).pre);
        }
        int64_t ns = 0;
        if (!seconds_to_event_ns(seconds, f.nanos, ns)) return out_of_range();
        return EventTime(ns);
    }

    // SPEC §8 rule 3: second 60 is invalid, but absl reads "10:00:60" as 10:01:00. Such a
    // result is a whole minute, and the same text with that "60" written "59" reads exactly
    // one second earlier; no other field moves the time by exactly one second when its 60
    // becomes 59 (%s, epoch seconds, cannot write a leap second and is left alone).
    bool is_leap_second(std::string_view text, absl::Time t) const {
        if (epoch_seconds_pattern) return false;
        const absl::TimeZone::CivilInfo at = zone.At(t);
        if (at.cs.second() != 0 || at.subsecond != absl::ZeroDuration()) return false;
        for (size_t i = text.find("60"); i != std::string_view::npos; i = text.find("60", i + 1)) {
            std::string earlier(text);
            earlier.replace(i, 2, "59");
            absl::Time e;
            if (absl::ParseTime(pattern, earlier, zone, &e, nullptr) && e == t - absl::Seconds(1)) return true;
        }
        return false;
    }

    Result<EventTime> from_strftime(std::string_view text) const {
        absl::Time t;
        // Without %z absl reads the text in `zone` and resolves DST gaps/overlaps with
        // `pre`, the same rule as RFC 3339 without an offset.
        if (!absl::ParseTime(pattern, as_absl(text), zone, &t, nullptr)) return unparsable(text);
        if (is_leap_second(text, t)) return unparsable(text);
        if (!(t > earliest && t < latest)) return out_of_range();
        return EventTime(absl::ToUnixNanos(t));
    }

    Result<EventTime> from_string(std::string_view text) const {
        switch (kind) {
            case TimeFormatKind::auto_detect:
                if (all_ascii_digits(text)) return from_epoch_text(text, true);
                return from_rfc3339(text);
            case TimeFormatKind::rfc3339: return from_rfc3339(text);
            case TimeFormatKind::strftime: return from_strftime(text);
            case TimeFormatKind::epoch_s:
            case TimeFormatKind::epoch_ms:
            case TimeFormatKind::epoch_us:
            case TimeFormatKind::epoch_ns: return from_epoch_text(text, false);
        }
        return unparsable(text);
    }

    Result<EventTime> from_number(const FieldValue& value) const {
        const bool epoch = kind != TimeFormatKind::rfc3339 && kind != TimeFormatKind::strftime;
        if (epoch && value.kind == JsonKind::integer && value.integer_fits) {
            const EpochUnit unit =
                kind == TimeFormatKind::auto_detect ? epoch_unit_by_magnitude(value.integer) : epoch_unit_of(kind);
            int64_t ns = 0;
            if (!integer_epoch_to_ns(value.integer, unit, ns)) return out_of_range();
            return EventTime(ns);
        }
        // The decimal text is the exact value; a FieldValue built without it (not from an
        // input line) falls back to the double's shortest round-trip text.
        char buf[32];
        std::string_view text = value.raw;
        if (text.empty()) {
            const auto res = std::to_chars(buf, buf + sizeof buf, value.number);
            text = std::string_view(buf, static_cast<size_t>(res.ptr - buf));
        }
        switch (kind) {
            case TimeFormatKind::rfc3339: return unparsable(text);
            case TimeFormatKind::strftime: return from_strftime(text);
            case TimeFormatKind::auto_detect: return from_epoch_text(text, true);
            default: return from_epoch_text(text, false);
        }
    }
};

TimeParser::TimeParser() = default;
TimeParser::TimeParser(TimeParser&&) noexcept = default;
TimeParser& TimeParser::operator=(TimeParser&&) noexcept = default;
TimeParser::~TimeParser() = default;

Result<TimeParser> TimeParser::create(const TimeFormat& format, std::string_view timezone) {
    auto impl = std::make_unique<Impl>();
    impl->kind = format.kind;
    if (timezone != "UTC") {
        if (!absl::LoadTimeZone(as_absl(timezone), &impl->zone)) {
            return Error{"unknown time zone '" + std::string(timezone) + "'"};
        }
        absl::TimeZone::CivilTransition transition;
        impl->fixed_offset = !impl->zone.NextTransition(absl::InfinitePast(), &transition);
        impl->offset_seconds = impl->fixed_offset ? impl->zone.At(absl::UnixEpoch()).offset : 0;
    }
    if (format.kind == TimeFormatKind::strftime) {
        if (format.pattern.find('%') == std::string::npos) {
            return Error{"time_format '" + format.pattern +
                         "' is neither auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns nor a strftime "
                         "pattern with % conversions"};
        }
        impl->pattern = absl_pattern(format.pattern);
        impl->epoch_seconds_pattern = impl->pattern.find("%s") != std::string::npos;
        // A pattern that cannot read back what it writes cannot read any input either, e.g.
        // "%Y%m%d" (absl's %Y takes every following digit): say so now, not once per record.
        const absl::Time sample = absl::FromUnixNanos(1'714'557'600'123'456'789);  // 2024-05-01T10:00:00.123456789Z
        const std::string written = absl::FormatTime(impl->pattern, sample, impl->zone);
        absl::Time read_back;
        std::string why;
        if (!absl::ParseTime(impl->pattern, written, impl->zone, &read_back, &why)) {
            return Error{"time_format '" + format.pattern + "' cannot read the times it describes ('" + written +
                         "': " + why + "; for a fixed-width year write %E4Y)"};
        }
    }
    TimeParser parser;
    parser.impl_ = std::move(impl);
    return Result<TimeParser>(std::move(parser));
}

Result<EventTime> TimeParser::parse(const FieldValue& value) const {
    switch (value.kind) {
        case JsonKind::missing: return Error{"missing time"};
        case JsonKind::string: return impl_->from_string(value.string);
        case JsonKind::integer:
        case JsonKind::big_integer:
        case JsonKind::floating: return impl_->from_number(value);
        case JsonKind::null:
        case JsonKind::boolean:
        case JsonKind::array:
        case JsonKind::object: break;
    }
    return Error{"time is not a string or number"};
}

}  // namespace eddy
