// "Did you mean" hints for misspelt names in a pipeline file: the closest known name by
// edit distance, offered only when it is close enough to be a plausible typo.
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace eddy {

// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
// adjacent characters each cost 1 ("sizee" -> "size" is 1, "szie" -> "size" is 1).
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate within edit distance 2 of `name` (smallest distance, then the earliest in
// `candidates`); failing that, the one sharing the longest common prefix of at least 3
// characters (earliest on ties); nullopt when neither exists.
std::optional<std::string_view> closest_name(std::string_view name, std::span<const std::string_view> candidates);

// " (did you mean 'size'?)", or "" when closest_name finds nothing.
std::string did_you_mean(std::string_view name, std::span<const std::string_view> candidates);

}  // namespace eddy
