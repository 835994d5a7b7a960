// Typed access to the keys of a toml++ table: wrong types, bad durations and paths, and
// unknown keys become one "file:line:column: message" error at the key or value at fault.
#include "config/toml_fields.hpp"

#include <algorithm>
#include <utility>

#include "config/field_path.hpp"
#include "config/name_suggestion.hpp"
#include "core/error.hpp"
#include "time/duration.hpp"

namespace eddy {

SourcePos pos_of(const toml::source_region& r) {
    return {static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

bool contains_name(KeyNames names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

// toml++ iterates a table in key order; mistakes are reported in the order they were written.
TomlEntries entries_in_order(const toml::table& table) {
    TomlEntries out;
    for (auto&& [key, value] : table) out.push_back({key.str(), pos_of(key.source()), &value, pos_of(value.source())});
    std::stable_sort(out.begin(), out.end(), [](const TomlEntry& a, const TomlEntry& b) {
        return std::pair(a.key_pos.line, a.key_pos.column) < std::pair(b.key_pos.line, b.key_pos.column);
    });
    return out;
}

const TomlEntry* find_entry(const TomlEntries& entries, std::string_view key) {
    for (const TomlEntry& e : entries)
        if (e.key == key) return &e;
    return nullptr;
}

void TomlFieldReader::fail(SourcePos pos, const std::string& message) const {
    throw EddyError(ExitCode::config,
                    path_ + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message);
}

void TomlFieldReader::check_known_keys(const TomlEntries& entries, KeyNames known, KeyNames suggestions,
                                       std::string_view section) const {
    for (const TomlEntry& e : entries) {
        if (contains_name(known, e.key)) continue;
        std::string message = "unknown key " + in_quotes(e.key);
        if (!section.empty()) message += " in " + std::string(section);
        fail(e.key_pos, message + did_you_mean(e.key, suggestions));
    }
}

const toml::table& TomlFieldReader::section_table(const TomlEntry& e, std::string_view title) const {
    const toml::table* t = e.value->as_table();
    if (!t) fail(e.value_pos, std::string(title) + " must be a table");
    return *t;
}

std::vector<const toml::table*> TomlFieldReader::array_of_tables(const TomlEntry& e) const {
    const toml::array* a = e.value->as_array();
    if (!a || (!a->empty() && !a->is_array_of_tables())) fail(e.value_pos, in_quotes(e.key) + " must be an array of tables");
    std::vector<const toml::table*> out;
    for (const toml::node& n : *a) out.push_back(n.as_table());
    return out;
}

const std::string& TomlFieldReader::want_string(const TomlEntry& e) const {
    const auto* s = e.value->as_string();
    if (!s) fail(e.value_pos, in_quotes(e.key) + " must be a string");
    return s->get();
}

Duration TomlFieldReader::want_duration(const TomlEntry& e) const {
    const std::string& text = want_string(e);
    auto d = parse_duration(text);
    if (!d) fail(e.value_pos, "bad duration " + in_quotes(text) + " for " + in_quotes(e.key) + ": " + d.error().message);
    return d.value();
}

Duration TomlFieldReader::want_positive_duration(const TomlEntry& e) const {
    Duration d = want_duration(e);
    if (d <= Duration::zero()) fail(e.value_pos, in_quotes(e.key) + " must be positive");
    return d;
}

Duration TomlFieldReader::want_non_negative_duration(const TomlEntry& e) const {
    Duration d = want_duration(e);
    if (d < Duration::zero()) fail(e.value_pos, in_quotes(e.key) + " must not be negative");
    return d;
}

std::optional<Duration> TomlFieldReader::want_duration_or_off(const TomlEntry& e, bool positive) const {
    if (want_string(e) == "off") return std::nullopt;
    return positive ? want_positive_duration(e) : want_non_negative_duration(e);
}

FieldPath TomlFieldReader::want_path(std::string_view key, const std::string& text, SourcePos pos) const {
    auto p = parse_field_path(text);
    if (!p) fail(pos, "bad field path " + in_quotes(text) + " for " + in_quotes(key) + ": " + p.error().message);
    return std::move(p.value());
}

}  // namespace eddy
