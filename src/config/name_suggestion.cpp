// "Did you mean" hints for misspelt names in a pipeline file (keys, stage ops, aggregates):
// edit distance first, a shared prefix as the fallback for names typed only in part.
#include "config/name_suggestion.hpp"

#include <algorithm>
#include <vector>

namespace eddy {

size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rows suffice: the swap rule looks two rows back.
    std::vector<size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], before[j - 2] + 1);
        }
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::optional<std::string_view> closest_name(std::string_view name, std::span<const std::string_view> candidates) {
    constexpr size_t max_distance = 2;
    constexpr size_t min_prefix = 3;

    std::optional<std::string_view> best;
    size_t best_distance = max_distance + 1;
    for (std::string_view c : candidates) {
        size_t d = edit_distance(name, c);
        if (d < best_distance) {
            best = c;
            best_distance = d;
        }
    }
    if (best) return best;

    size_t best_prefix = min_prefix - 1;
    for (std::string_view c : candidates) {
        size_t n = std::mismatch(name.begin(), name.begin() + std::min(name.size(), c.size()), c.begin()).first - name.begin();
        if (n > best_prefix) {
            best = c;
            best_prefix = n;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view name, std::span<const std::string_view> candidates) {
    auto c = closest_name(name, candidates);
    if (!c) return {};
    return " (did you mean '" + std::string(*c) + "'?)";
}

}  // namespace eddy
