// Typed access to the keys of a toml++ table for the pipeline-file readers: each accessor
// returns the value or throws EddyError(ExitCode::config, "<path>:<line>:<column>: <message>").
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

#include "config/plan.hpp"
#include "core/time_types.hpp"

namespace eddy {

using KeyNames = std::span<const std::string_view>;

// One key = value of a table, with both positions: errors about the name point at the
// key, errors about the value at the value.
struct TomlEntry {
    std::string_view key;
    SourcePos key_pos;
    const toml::node* value;
    SourcePos value_pos;
};
using TomlEntries = std::vector<TomlEntry>;

SourcePos pos_of(const toml::source_region& r);

bool contains_name(KeyNames names, std::string_view name);

// "'s'": how names and values are quoted in messages.
std::string in_quotes(std::string_view s);

// The entries of `table` sorted by where their keys were written.
TomlEntries entries_in_order(const toml::table& table);

// nullptr when `key` is absent.
const TomlEntry* find_entry(const TomlEntries& entries, std::string_view key);

// Holds the file name that prefixes every message; the accessors name the key in theirs.
class TomlFieldReader {
public:
    // `text`: the file's text, for positions inside string values (empty: unknown).
    explicit TomlFieldReader(const std::string& display_path, std::string_view text = {})
        : path_(display_path), text_(text) {}

    const std::string& path() const { return path_; }
    std::string_view text() const { return text_; }

    [[noreturn]] void fail(SourcePos pos, const std::string& message) const;

    // Fails at the first entry (in written order) whose key is not in `known`, suggesting
    // from `suggestions`. `section` as the user wrote it ("[source]", "[[stage]]"); empty at
    // the top level.
    void check_known_keys(const TomlEntries& entries, KeyNames known, KeyNames suggestions,
                          std::string_view section) const;

    // `title` as the user wrote it ("[source]"): "[source] must be a table".
    const toml::table& section_table(const TomlEntry& e, std::string_view title) const;
    // An empty array counts as an array of tables.
    std::vector<const toml::table*> array_of_tables(const TomlEntry& e) const;

    const std::string& want_string(const TomlEntry& e) const;
    Duration want_duration(const TomlEntry& e) const;
    Duration want_positive_duration(const TomlEntry& e) const;
    Duration want_non_negative_duration(const TomlEntry& e) const;
    // "off" or a duration; `positive` says whether zero is meaningful.
    std::optional<Duration> want_duration_or_off(const TomlEntry& e, bool positive) const;
    // `text` is the value of `key`, or one element of it, written at `pos`.
    FieldPath want_path(std::string_view key, const std::string& text, SourcePos pos) const;

private:
    std::string path_;
    std::string_view text_;
};

}  // namespace eddy
