// LineReader: memchr over large blocks, the partial last line carried to the front of the
// buffer for the next read; one allocation reused for the whole input, none per line.
#include "io/line_reader.hpp"

#include <algorithm>
#include <cstring>

namespace eddy {

LineReader::LineReader(InputStream input, LineReaderOptions options)
    : input_(std::move(input)),
      block_size_(std::max<std::size_t>(options.block_size, 1)),
      max_line_length_(options.max_line_length),
      bom_possible_(input_.position() == 0),
      next_number_(options.first_line_number) {
    // A line of max_line_length bytes plus its '\n' (and a BOM before line 1) must fit;
    // longer ones are never buffered.
    max_capacity_ = std::max(block_size_, max_line_length_ + 1 + 3);
    // Two blocks: a carried tail and a whole block fit without growing.
    initial_capacity_ = std::min(max_capacity_, 2 * block_size_);
    base_offset_ = input_.position();
    consumed_ = base_offset_;
    resize_buffer(initial_capacity_);
}

void LineReader::resize_buffer(std::size_t capacity) {
    auto fresh = std::make_unique_for_overwrite<char[]>(capacity + kLinePadding);
    if (end_ > pos_) std::memcpy(fresh.get(), buf_.get() + pos_, end_ - pos_);
    std::memset(fresh.get() + capacity, 0, kLinePadding);  // defined bytes for simdjson to read
    buf_ = std::move(fresh);
    base_offset_ += pos_;
    end_ -= pos_;
    scan_ -= pos_;
    pos_ = 0;
    capacity_ = capacity;
}

std::size_t LineReader::readable_after(std::string_view text) const {
    return static_cast<std::size_t>(buf_.get() + capacity_ + kLinePadding - (text.data() + text.size()));
}

std::size_t LineReader::bom_length(std::size_t start, std::size_t end) const {
    if (!bom_possible_ || start != 0 || base_offset_ != 0) return 0;
    return end - start >= 3 && std::memcmp(buf_.get() + start, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

void LineReader::emit(Line& line, std::size_t start, std::size_t end, bool terminated) {
    const std::size_t text_start = start + bom_length(start, end);
    bom_possible_ = false;
    const std::size_t length = end - text_start;
    line.oversize = length > max_line_length_;
    line.text = std::string_view(buf_.get() + text_start, line.oversize ? 0 : length);
    line.number = next_number_++;
    line.offset = base_offset_ + text_start;
    line.end_offset = base_offset_ + end + (terminated ? 1 : 0);
    line.terminated = terminated;
    consumed_ = line.end_offset;
    ++lines_;
}

bool LineReader::next(Line& line) {
    for (;;) {
        const std::size_t from = std::max(pos_, scan_);
        if (from < end_) {
            if (const void* nl = std::memchr(buf_.get() + from, '\n', end_ - from)) {
                const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.get());
                emit(line, pos_, at, true);
                pos_ = scan_ = at + 1;
                return true;
            }
            scan_ = end_;
        }
        if (eof_) {
            if (pos_ == end_) return false;
            emit(line, pos_, end_, false);
            pos_ = scan_ = end_;
            return true;
        }
        if (end_ - pos_ - bom_length(pos_, end_) > max_line_length_) {
            skip_oversize(line);
            return true;
        }
        refill();
    }
}

void LineReader::refill() {
    const std::size_t tail = end_ - pos_;
    if (capacity_ - tail < block_size_ && capacity_ < max_capacity_) {
        resize_buffer(std::min(max_capacity_, std::max(2 * capacity_, tail + block_size_)));
    } else if (capacity_ > 4 * initial_capacity_ && tail + block_size_ <= initial_capacity_) {
        resize_buffer(initial_capacity_);  // a huge line has passed: give its memory back
    } else if (pos_ > 0) {
        std::memmove(buf_.get(), buf_.get() + pos_, tail);
        base_offset_ += pos_;
        end_ = tail;
        scan_ -= pos_;
        pos_ = 0;
    }
    // tail <= max_line_length_ + BOM < max_capacity_, so there is room for at least one byte
    // (a 0-byte read would look like the end of the input).
    const std::size_t n = input_.read(buf_.get() + end_, std::min(block_size_, capacity_ - end_));
    if (n == 0) eof_ = true;
    end_ += n;
}

void LineReader::skip_oversize(Line& line) {
    const std::size_t text_start = pos_ + bom_length(pos_, end_);
    bom_possible_ = false;
    line.oversize = true;
    line.text = std::string_view(buf_.get(), 0);
    line.number = next_number_++;
    line.offset = base_offset_ + text_start;
    // Drop what is buffered and read on, a block at a time, until the line's '\n'.
    base_offset_ += end_;
    pos_ = scan_ = end_ = 0;
    const std::size_t chunk = std::min(block_size_, capacity_);
    for (;;) {
        const std::size_t n = input_.read(buf_.get(), chunk);
        if (n == 0) {
            eof_ = true;
            line.terminated = false;
            line.end_offset = base_offset_;
            break;
        }
        if (const void* nl = std::memchr(buf_.get(), '\n', n)) {
            const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.get());
            line.terminated = true;
            line.end_offset = base_offset_ + at + 1;
            pos_ = scan_ = at + 1;
            end_ = n;
            break;
        }
        base_offset_ += n;
    }
    consumed_ = line.end_offset;
    ++lines_;
}

}  // namespace eddy
