// The binary encoding of persisted state (documented in src/state/README.md): LEB128
// varints, zigzag for signed values, fixed big-endian for key parts that must sort.
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace eddy {

class ByteWriter {
public:
    explicit ByteWriter(std::string& out) : out_(out) {}
    void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void varint(uint64_t v) {
        while (v >= 0x80) {
            out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out_.push_back(static_cast<char>(v));
    }
    void svarint(int64_t v) { varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
    void f64(double v) { fixed64(std::bit_cast<uint64_t>(v)); }
    // Big-endian, so that byte order is numeric order (LMDB keys).
    void fixed64(uint64_t v) {
        for (int shift = 56; shift >= 0; shift -= 8) out_.push_back(static_cast<char>((v >> shift) & 0xff));
    }
    // A signed time in a key: the sign bit flipped so that negative times sort first.
    void ordered_i64(int64_t v) { fixed64(static_cast<uint64_t>(v) ^ (uint64_t{1} << 63)); }
    void bytes(std::string_view s) {
        varint(s.size());
        out_.append(s);
    }

private:
    std::string& out_;
};

// Reads what ByteWriter wrote. Running out of bytes or an overlong varint sets failed();
// the reads then return zeros, so a decoder checks once at its end.
class ByteReader {
public:
    explicit ByteReader(std::string_view in) : in_(in) {}
    uint8_t u8() {
        if (pos_ >= in_.size()) return fail<uint8_t>();
        return static_cast<uint8_t>(in_[pos_++]);
    }
    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= in_.size()) return fail<uint64_t>();
            const auto b = static_cast<uint8_t>(in_[pos_++]);
            v |= uint64_t{b & 0x7fu} << shift;
            if (!(b & 0x80)) return v;
        }
        return fail<uint64_t>();
    }
    int64_t svarint() {
        const uint64_t z = varint();
        return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
    }
    double f64() { return std::bit_cast<double>(fixed64()); }
    uint64_t fixed64() {
        if (in_.size() - pos_ < 8 || pos_ > in_.size()) return fail<uint64_t>();
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(in_[pos_++]);
        return v;
    }
    int64_t ordered_i64() { return static_cast<int64_t>(fixed64() ^ (uint64_t{1} << 63)); }
    std::string_view bytes() {
        const uint64_t n = varint();
        if (failed_ || n > in_.size() - pos_) return fail<std::string_view>();
        std::string_view s = in_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    // A decoder found a field it cannot accept (an unknown tag): the value is unreadable.
    void invalidate() { fail<int>(); }
    bool failed() const { return failed_; }
    bool at_end() const { return pos_ == in_.size(); }
    // Every byte read and nothing went wrong: what a decoder requires of a whole value.
    bool complete() const { return !failed_ && at_end(); }

private:
    template <class T>
    T fail() {
        failed_ = true;
        pos_ = in_.size();
        return T{};
    }
    std::string_view in_;
    size_t pos_ = 0;
    bool failed_ = false;
};

}  // namespace eddy
