// Reasons are grouped by their words before any quoted value ("unparsable time '...'" counts
// as "unparsable time"), so the summary stays one short line however varied the input.
#include "engine/loss_summary.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "time/duration.hpp"
#include "time/time_format_hint.hpp"

namespace eddy {

void LossTally::invalid(std::string_view reason) {
    const size_t quote = reason.find(" '");
    ++invalid_[std::string(reason.substr(0, quote))];
}

std::vector<std::string> LossTally::summary(const RunCounters& c, const Plan& plan) const {
    std::vector<std::string> lines;
    if (c.late > 0 && plan.watermark.late_events == LateEvents::drop) {
        lines.push_back(fmt::format(
            "{} of {} events {} late and dropped (largest disorder seen {}; [watermark] max_out_of_orderness is {}{})",
            c.late, c.events_in, c.late == 1 ? "was" : "were", format_duration(largest_disorder_), format_duration(plan.watermark.max_out_of_orderness),
            plan.watermark.allowed_lateness > Duration::zero()
                ? ", allowed_lateness " + format_duration(plan.watermark.allowed_lateness)
                : std::string()));
    }
    if (c.invalid > 0 && plan.source.on_invalid == OnInvalid::skip) {
        std::vector<std::pair<std::string, uint64_t>> kinds(invalid_.begin(), invalid_.end());
        std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        std::string detail;
        for (size_t i = 0; i < kinds.size() && i < 5; ++i)
            detail += fmt::format("{}{} {}", i ? ", " : "", kinds[i].second, kinds[i].first);
        if (kinds.size() > 5) detail += ", …";
        std::string hint;
        if (!first_unreadable_time_.empty()) {
            const std::string phrase = time_format_hint_phrase(first_unreadable_time_);
            if (!phrase.empty()) hint = fmt::format("; the first unreadable time, '{}', is {}", first_unreadable_time_, phrase);
        }
        lines.push_back(fmt::format("{} of {} lines {} invalid and skipped ({}; time field '{}'{})", c.invalid, c.lines,
                                    c.invalid == 1 ? "was" : "were", detail, plan.source.time_field.text, hint));
    }
    if (c.no_window > 0)
        lines.push_back(fmt::format("{} {} between sliding windows (slide larger than size) and {} ignored", c.no_window,
                                    c.no_window == 1 ? "event fell" : "events fell", c.no_window == 1 ? "was" : "were"));
    if (c.wrong_type > 0)
        lines.push_back(fmt::format("{} {} of the wrong type {} ignored by aggregates (sum, avg, min, max and "
                                    "quantile take numbers only)",
                                    c.wrong_type, c.wrong_type == 1 ? "value" : "values",
                                    c.wrong_type == 1 ? "was" : "were"));
    if (c.non_finite > 0)
        lines.push_back(fmt::format("{} aggregate {} not a finite number and printed as null", c.non_finite,
                                    c.non_finite == 1 ? "result was" : "results were"));
    return lines;
}

}  // namespace eddy
