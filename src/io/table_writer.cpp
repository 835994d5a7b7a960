// Rows are re-read with simdjson On-Demand: window and select rows are the only records a
// table holds, and their texts are already final, so reading them back keeps one renderer.
#include "io/table_writer.hpp"

#include <simdjson.h>

#include "core/error.hpp"

namespace eddy {

namespace od = simdjson::ondemand;

namespace {
// Bytes from an opening bracket to its match, strings skipped.
size_t container_length(const char* begin, const char* end) {
    int depth = 0;
    bool in_string = false;
    for (const char* p = begin; p < end; ++p) {
        if (in_string) {
            if (*p == '\\') ++p;
            else if (*p == '"') in_string = false;
        } else if (*p == '"') {
            in_string = true;
        } else if (*p == '{' || *p == '[') {
            ++depth;
        } else if ((*p == '}' || *p == ']') && --depth == 0) {
            return static_cast<size_t>(p + 1 - begin);
        }
    }
    return static_cast<size_t>(end - begin);
}
}  // namespace

struct TableWriter::Parser {
    od::parser parser;
};

TableWriter::TableWriter(OutputFormat format, std::vector<std::string> columns)
    : format_(format), columns_(std::move(columns)), cells_(columns_.size()), parser_(std::make_unique<Parser>()) {}

TableWriter::~TableWriter() = default;

void TableWriter::append_cell(std::string& out, std::string_view text) const {
    if (format_ == OutputFormat::tsv) {
        // The usual TSV escapes (PostgreSQL, ClickHouse, Miller): a cell never spans a tab or line.
        for (char c : text) {
            switch (c) {
                case '\t': out += "\\t"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\\': out += "\\\\"; break;
                default: out.push_back(c);
            }
        }
        return;
    }
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(text);
        return;
    }
    out.push_back('"');
    for (char c : text) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void TableWriter::append_header(std::string& out) const {
    const char sep = format_ == OutputFormat::csv ? ',' : '\t';
    for (size_t i = 0; i < columns_.size(); ++i) {
        if (i) out.push_back(sep);
        append_cell(out, columns_[i]);
    }
    out.push_back('\n');
}

void TableWriter::append_row(std::string_view row, std::string& out) {
    auto broken = [&](const char* what) {
        return EddyError(ExitCode::internal, std::string("internal error: a row for csv/tsv output ") + what + " (please report)");
    };
    padded_.assign(row);
    padded_.append(simdjson::SIMDJSON_PADDING, ' ');
    for (std::string& c : cells_) c.clear();
    od::document doc;
    od::object obj;
    if (parser_->parser.iterate(padded_.data(), row.size(), padded_.size()).get(doc) || doc.get_object().get(obj))
        throw broken("is not a JSON object");
    for (auto member : obj) {
        std::string_view key;
        od::value v;
        if (member.unescaped_key().get(key) || member.value().get(v)) throw broken("does not parse");
        size_t col = 0;
        while (col < columns_.size() && columns_[col] != key) ++col;
        if (col == columns_.size()) throw broken("has a member outside the header");
        od::json_type type;
        if (v.type().get(type)) throw broken("does not parse");
        std::string& cell = cells_[col];
        if (type == od::json_type::string) {
            std::string_view s;
            if (v.get_string().get(s)) throw broken("does not parse");
            cell.assign(s);
        } else if (type == od::json_type::null) {
            bool is_null = false;
            if (v.is_null().get(is_null)) throw broken("does not parse");
        } else if (type == od::json_type::object || type == od::json_type::array) {
            // Left unread, On-Demand skips it; its text runs to the matching bracket.
            const char* begin = v.raw_json_token().data();
            cell.assign(begin, container_length(begin, padded_.data() + row.size()));
        } else {
            std::string_view raw = v.raw_json_token();
            while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n')) raw.remove_suffix(1);
            cell.assign(raw);
        }
    }
    const char sep = format_ == OutputFormat::csv ? ',' : '\t';
    for (size_t i = 0; i < cells_.size(); ++i) {
        if (i) out.push_back(sep);
        append_cell(out, cells_[i]);
    }
    out.push_back('\n');
}

}  // namespace eddy
