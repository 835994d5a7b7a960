// `eddy test` compares rows as JSON values and reports a difference as a unified diff of rows.
// Two lines are equal when both are JSON and equal as values (objects as unordered maps, arrays
// in order, strings by their unescaped content, numbers by their double value), or, when either
// line is not JSON, when their bytes are equal. Line order matters.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

// The lines of a text, without their '\n'; a final newline (or its absence) adds no line.
std::vector<std::string> split_rows(std::string_view text);

// A key that is the same for two lines exactly when they are equal rows (see above): "J" and
// the value in a canonical spelling for a JSON line, "B" and the bytes otherwise.
std::string row_key(std::string_view line);

// Whether two lines are equal rows.
bool rows_equal(std::string_view a, std::string_view b);

struct DiffLine {
    char tag;                // ' ' equal rows, '-' only expected, '+' only actual
    std::string text;        // ' ': the actual line
    size_t expected_line;    // 1-based line in expected ('-' and ' '), else 0
    size_t actual_line;      // 1-based line in actual ('+' and ' '), else 0
    bool bytes_differ;       // ' ' only: equal as JSON, spelled differently
};

// A shortest edit script from expected to actual rows (an LCS of equal rows; very large
// differences after the common head and tail fall back to "all removed, all added").
std::vector<DiffLine> diff_rows(const std::vector<std::string>& expected, const std::vector<std::string>& actual);

// A unified diff ("--- expected", "+++ actual", "@@ -a,b +c,d @@" hunks with `context` rows of
// context), one line per entry, each ending in '\n'; empty when the rows are equal. A context
// line whose bytes differ from the expected line (equal as JSON) starts with '=' instead of ' '.
std::string unified_diff(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                         size_t context = 2);

}  // namespace eddy
