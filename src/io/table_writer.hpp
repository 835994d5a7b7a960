// csv and tsv output: each row that eddy rendered as a compact JSON object becomes one line of
// cells in the header's column order (RFC 4180 quoting for csv; escapes for tsv).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/plan.hpp"

namespace eddy {

class TableWriter {
public:
    TableWriter(OutputFormat format, std::vector<std::string> columns);
    ~TableWriter();

    void append_header(std::string& out) const;
    // `row` is a JSON object eddy made; members not among the columns are not expected
    // (internal error), missing ones give empty cells. Strings are written unescaped, null as
    // an empty cell, nested objects and arrays as their JSON text.
    void append_row(std::string_view row, std::string& out);

private:
    void append_cell(std::string& out, std::string_view text) const;
    OutputFormat format_;
    std::vector<std::string> columns_;
    std::vector<std::string> cells_;  // reused per row
    std::string padded_;              // the row with simdjson's padding
    struct Parser;
    std::unique_ptr<Parser> parser_;
};

}  // namespace eddy
