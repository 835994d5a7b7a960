// Each layout is one RE2 full match, tried in order; this runs only when a message is
// written, never per valid event.
#include "time/time_format_hint.hpp"

#include <array>

#include <re2/re2.h>

namespace eddy {

namespace {

struct Layout {
    const char* regex;
    const char* layout;
    const char* time_format;
    const char* note;
};

// Patterns use absl's strftime dialect: %E*S reads seconds with any fraction, %z "+hhmm".
constexpr std::array<Layout, 7> kLayouts{{
    {R"(\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})", "an Apache/nginx time", "%d/%b/%Y:%H:%M:%S %z", ""},
    {R"([A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4})", "an RFC 2822 time",
     "%a, %d %b %Y %H:%M:%S %z", ""},
    {R"([A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)", "an RFC 2822 time",
     "%a, %d %b %Y %H:%M:%S GMT", ""},
    {R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?)", "an ISO 8601 time without a UTC offset",
     "%Y-%m-%dT%H:%M:%E*S", "read in [source] timezone"},
    {R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?)", "a date and time without a UTC offset", "%Y-%m-%d %H:%M:%E*S",
     "read in [source] timezone"},
    {R"(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2})", "a date and time without a UTC offset", "%Y/%m/%d %H:%M:%S",
     "read in [source] timezone"},
    {R"([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2})", "a syslog time", "",
     "it has no year, so no time_format can place it; have the sender write RFC 3339 (rsyslog: RFC3339 templates)"},
}};

const RE2& regex_of(size_t i) {
    static const std::array<const RE2*, kLayouts.size()> compiled = [] {
        std::array<const RE2*, kLayouts.size()> out{};
        for (size_t k = 0; k < kLayouts.size(); ++k) out[k] = new RE2(kLayouts[k].regex);  // lives for the process
        return out;
    }();
    return *compiled[i];
}

// "1714557600.25" as a string: auto reads only all-digit strings as epoch numbers.
std::optional<TimeFormatHint> epoch_with_fraction(std::string_view text) {
    static const RE2 re(R"((\d+)\.\d+)");
    std::string whole;
    if (!RE2::FullMatch(re2::StringPiece(text.data(), text.size()), re, &whole)) return std::nullopt;
    const char* unit = whole.size() <= 11 ? "epoch_s" : whole.size() <= 14 ? "epoch_ms" : whole.size() <= 17 ? "epoch_us" : "epoch_ns";
    return TimeFormatHint{"an epoch number with a fraction", unit, ""};
}

}  // namespace

std::optional<TimeFormatHint> suggest_time_format(std::string_view text) {
    const re2::StringPiece piece(text.data(), text.size());
    for (size_t i = 0; i < kLayouts.size(); ++i)
        if (RE2::FullMatch(piece, regex_of(i))) return TimeFormatHint{kLayouts[i].layout, kLayouts[i].time_format, kLayouts[i].note};
    return epoch_with_fraction(text);
}

std::string time_format_hint_phrase(std::string_view text) {
    const std::optional<TimeFormatHint> hint = suggest_time_format(text);
    if (!hint) return "";
    std::string out = hint->layout;
    if (!hint->time_format.empty()) out += ": try time_format = \"" + hint->time_format + "\"";
    if (!hint->note.empty()) out += (hint->time_format.empty() ? ": " : ", ") + hint->note;
    return out;
}

std::string time_format_hint_text(std::string_view text) {
    const std::string phrase = time_format_hint_phrase(text);
    return phrase.empty() ? phrase : " (" + phrase + ")";
}

}  // namespace eddy
