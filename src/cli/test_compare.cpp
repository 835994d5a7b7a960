// Row comparison and the row diff of `eddy test` (see test_compare.hpp).
#include "cli/test_compare.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>

#include <simdjson.h>

#include "json/json_escape.hpp"

namespace eddy {

namespace {

void append_number(std::string& out, double d) {
    if (d == 0) d = 0;  // -0 and 0 are equal doubles
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip text: one per double
    out.append(buf, r.ptr);
}

void append_canonical(std::string& out, simdjson::dom::element e) {
    using simdjson::dom::element_type;
    switch (e.type()) {
        case element_type::OBJECT: {
            std::vector<std::pair<std::string_view, simdjson::dom::element>> fields;
            simdjson::dom::object object;
            if (e.get(object) != simdjson::SUCCESS) break;
            for (auto field : object) fields.emplace_back(field.key, field.value);
            // Stable: fields with the same name keep their order.
            std::stable_sort(fields.begin(), fields.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            out.push_back('{');
            for (size_t i = 0; i < fields.size(); ++i) {
                if (i) out.push_back(',');
                append_json_string(out, fields[i].first);
                out.push_back(':');
                append_canonical(out, fields[i].second);
            }
            out.push_back('}');
            break;
        }
        case element_type::ARRAY: {
            out.push_back('[');
            bool first = true;
            simdjson::dom::array array;
            if (e.get(array) != simdjson::SUCCESS) break;
            for (auto v : array) {
                if (!first) out.push_back(',');
                first = false;
                append_canonical(out, v);
            }
            out.push_back(']');
            break;
        }
        case element_type::STRING:
            append_json_string(out, e.get_string().value_unsafe());
            break;
        case element_type::INT64:
            append_number(out, static_cast<double>(e.get_int64().value_unsafe()));
            break;
        case element_type::UINT64:
            append_number(out, static_cast<double>(e.get_uint64().value_unsafe()));
            break;
        case element_type::DOUBLE:
            append_number(out, e.get_double().value_unsafe());
            break;
        case element_type::BOOL:
            out += e.get_bool().value_unsafe() ? "true" : "false";
            break;
        case element_type::NULL_VALUE:
            out += "null";
            break;
        default:
            out += "?";
            break;
    }
}

}  // namespace

std::vector<std::string> split_rows(std::string_view text) {
    std::vector<std::string> rows;
    size_t start = 0;
    while (start < text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) nl = text.size();
        rows.emplace_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return rows;
}

std::string row_key(std::string_view line) {
    thread_local simdjson::dom::parser parser;
    simdjson::padded_string padded(line);
    simdjson::dom::element root;
    if (parser.parse(padded).get(root) == simdjson::SUCCESS) {
        std::string key = "J";
        append_canonical(key, root);
        return key;
    }
    std::string key = "B";
    key.append(line);
    return key;
}

bool rows_equal(std::string_view a, std::string_view b) { return a == b || row_key(a) == row_key(b); }

std::vector<DiffLine> diff_rows(const std::vector<std::string>& expected, const std::vector<std::string>& actual) {
    std::vector<std::string> ka, kb;
    ka.reserve(expected.size());
    kb.reserve(actual.size());
    for (const std::string& s : expected) ka.push_back(row_key(s));
    for (const std::string& s : actual) kb.push_back(row_key(s));

    std::vector<DiffLine> out;
    auto same = [&](size_t i, size_t j) {
        out.push_back({' ', actual[j], i + 1, j + 1, expected[i] != actual[j]});
    };
    auto removed = [&](size_t i) { out.push_back({'-', expected[i], i + 1, 0, false}); };
    auto added = [&](size_t j) { out.push_back({'+', actual[j], 0, j + 1, false}); };

    // The common head and tail, then an LCS table over the middle.
    size_t n = ka.size(), m = kb.size(), head = 0, tail = 0;
    while (head < n && head < m && ka[head] == kb[head]) ++head;
    while (tail < n - head && tail < m - head && ka[n - 1 - tail] == kb[m - 1 - tail]) ++tail;
    for (size_t i = 0; i < head; ++i) same(i, i);
    const size_t a0 = head, a1 = n - tail, b0 = head, b1 = m - tail;
    const size_t rows = a1 - a0, cols = b1 - b0;
    constexpr size_t kMaxCells = size_t{16} << 20;
    if (rows && cols && (rows + 1) * (cols + 1) <= kMaxCells) {
        // len[i][j]: the LCS length of expected[a0+i..a1) and actual[b0+j..b1).
        std::vector<uint32_t> len((rows + 1) * (cols + 1), 0);
        auto at = [&](size_t i, size_t j) -> uint32_t& { return len[i * (cols + 1) + j]; };
        for (size_t i = rows; i-- > 0;)
            for (size_t j = cols; j-- > 0;)
                at(i, j) = ka[a0 + i] == kb[b0 + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
        size_t i = 0, j = 0;
        while (i < rows && j < cols) {
            if (ka[a0 + i] == kb[b0 + j]) {
                same(a0 + i, b0 + j);
                ++i, ++j;
            } else if (at(i + 1, j) >= at(i, j + 1)) {
                removed(a0 + i++);
            } else {
                added(b0 + j++);
            }
        }
        while (i < rows) removed(a0 + i++);
        while (j < cols) added(b0 + j++);
    } else {
        for (size_t i = a0; i < a1; ++i) removed(i);
        for (size_t j = b0; j < b1; ++j) added(j);
    }
    for (size_t k = 0; k < tail; ++k) same(a1 + k, b1 + k);
    return out;
}

namespace {

std::string range_text(size_t first, size_t count) {
    // Unified diff: "l" for one line, "l,c" otherwise; an empty range names the line before it.
    if (count == 1) return std::to_string(first);
    return std::to_string(count == 0 ? first - 1 : first) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                         size_t context) {
    std::vector<DiffLine> lines = diff_rows(expected, actual);
    std::string out;
    size_t k = 0;
    while (k < lines.size()) {
        // The next change, and the hunk around it: changes closer than 2 * context share one.
        size_t change = k;
        while (change < lines.size() && lines[change].tag == ' ') ++change;
        if (change == lines.size()) break;
        if (out.empty()) out = "--- expected\n+++ actual\n";
        size_t begin = change >= k + context ? change - context : k;
        size_t end = change;  // one past the last change of the hunk
        for (;;) {
            while (end < lines.size() && lines[end].tag != ' ') ++end;
            size_t next = end;
            while (next < lines.size() && lines[next].tag == ' ') ++next;
            if (next < lines.size() && next - end <= 2 * context) {
                end = next;
                continue;
            }
            break;
        }
        size_t stop = std::min(lines.size(), end + context);
        // The first expected/actual line numbers of the hunk: from the lines in it or around it.
        size_t a_first = 0, b_first = 0, a_count = 0, b_count = 0;
        for (size_t x = begin; x < stop; ++x) {
            if (lines[x].tag != '+') {
                if (!a_count) a_first = lines[x].expected_line;
                ++a_count;
            }
            if (lines[x].tag != '-') {
                if (!b_count) b_first = lines[x].actual_line;
                ++b_count;
            }
        }
        auto first_line = [&](bool expected_side) {
            // For an empty side: one past the last line of that side before the hunk.
            size_t n = 0;
            for (size_t x = 0; x < begin; ++x)
                if (expected_side ? lines[x].tag != '+' : lines[x].tag != '-') ++n;
            return n + 1;
        };
        if (!a_count) a_first = first_line(true);
        if (!b_count) b_first = first_line(false);
        out += "@@ -" + range_text(a_first, a_count) + " +" + range_text(b_first, b_count) + " @@\n";
        for (size_t x = begin; x < stop; ++x) {
            const DiffLine& d = lines[x];
            out.push_back(d.tag == ' ' && d.bytes_differ ? '=' : d.tag);
            out += d.text;
            out.push_back('\n');
        }
        k = stop;
    }
    return out;
}

}  // namespace eddy
