// LineReader: cuts an InputStream's blocks into complete lines with their file offsets and
// line numbers, keeping simdjson's padding readable after every line it hands out.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "io/input_stream.hpp"

namespace eddy {

// simdjson may read this many bytes past a document's end (SIMDJSON_PADDING; the unit test
// checks the two agree). Every Line's text has at least this many readable bytes after it.
inline constexpr std::size_t kLinePadding = 64;
// SPEC §5: longer lines are invalid.
inline constexpr std::size_t kMaxLineLength = std::size_t{64} << 20;

struct Line {
    std::string_view text;    // without the '\n'; a '\r' before it stays
    uint64_t number = 0;      // 1-based line number in this input
    uint64_t offset = 0;      // offset of text's first byte in the (decompressed) input
    uint64_t end_offset = 0;  // just past the '\n', or past the last byte when unterminated
    bool terminated = false;  // false for a final line without '\n'
    bool oversize = false;    // longer than max_line_length: text is empty, the line was skipped
};

struct LineReaderOptions {
    std::size_t block_size = kInputBlockSize;      // bytes asked of each read
    std::size_t max_line_length = kMaxLineLength;  // without the '\n'
    uint64_t first_line_number = 1;                // when resuming at a cursor
};

class LineReader {
public:
    // Lines start at input.position(): 0, or where InputStream::skip_to left it. A UTF-8 BOM
    // is skipped only at offset 0.
    explicit LineReader(InputStream input, LineReaderOptions options = {});

    // Hands out the next line; false at the end of the input. line.text stays valid until the
    // next call. An oversize line is handed out once its end has been found (so end_offset is
    // known), without ever buffering more than max_line_length + block_size bytes of it.
    // Throws EddyError from the InputStream.
    bool next(Line& line);

    // See InputStream::set_would_block_hook: at most once per blocking read(2), never per line.
    void set_would_block_hook(std::function<void()> hook) { input_.set_would_block_hook(std::move(hook)); }
    void set_wait_limit(std::function<int()> limit) { input_.set_wait_limit(std::move(limit)); }

    InputStream& input() { return input_; }
    uint64_t lines() const { return lines_; }               // lines handed out
    uint64_t bytes_consumed() const { return consumed_; }   // end_offset of the last line handed out

    // Readable bytes from the end of `text` (a view handed out by next()) to the end of the
    // allocation that holds it: always >= kLinePadding. For simdjson::padded_string_view and tests.
    std::size_t readable_after(std::string_view text) const;

private:
    void refill();
    void resize_buffer(std::size_t capacity);
    std::size_t bom_length(std::size_t start, std::size_t end) const;
    void emit(Line& line, std::size_t start, std::size_t end, bool terminated);
    void skip_oversize(Line& line);

    InputStream input_;
    std::size_t block_size_;
    std::size_t max_line_length_;
    std::size_t initial_capacity_;
    std::size_t max_capacity_;

    // buf_ holds capacity_ data bytes + kLinePadding; [pos_, end_) is not handed out yet and
    // buf_[0] is at input offset base_offset_. [pos_, scan_) is known to hold no '\n'.
    std::unique_ptr<char[]> buf_;
    std::size_t capacity_ = 0;
    std::size_t pos_ = 0;
    std::size_t scan_ = 0;
    std::size_t end_ = 0;
    uint64_t base_offset_ = 0;
    bool eof_ = false;
    bool bom_possible_;

    uint64_t next_number_;
    uint64_t lines_ = 0;
    uint64_t consumed_ = 0;
};

}  // namespace eddy
