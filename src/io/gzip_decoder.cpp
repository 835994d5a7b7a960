// Gzip decoding with zlib's inflate (gzip wrapper, windowBits 16+MAX_WBITS). Concatenated
// members (`cat a.gz b.gz`, pigz, log rotation) are all read, as gzip -d does.
#include <zlib.h>

#include <new>

#include "core/error.hpp"
#include "io/decoder.hpp"

namespace eddy {
namespace {

class GzipDecoder final : public Decoder {
public:
    explicit GzipDecoder(std::string name) : name_(std::move(name)) {
        if (inflateInit2(&strm_, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
    }
    ~GzipDecoder() override { inflateEnd(&strm_); }
    GzipDecoder(const GzipDecoder&) = delete;
    GzipDecoder& operator=(const GzipDecoder&) = delete;

    DecodeStep decode(const char* in, std::size_t in_len, char* out, std::size_t out_capacity) override {
        if (member_ended_) {
            // A member ended; bytes after it start the next member (no input: nothing to do yet).
            if (in_len == 0) return {};
            if (inflateReset(&strm_) != Z_OK) fail("inflateReset failed");
            member_ended_ = false;
        }
        // zlib counts in uInt; blocks are MiB-sized, but stay correct for anything larger.
        const uInt in_chunk = in_len > UINT32_MAX ? UINT32_MAX : static_cast<uInt>(in_len);
        const uInt out_chunk = out_capacity > UINT32_MAX ? UINT32_MAX : static_cast<uInt>(out_capacity);
        strm_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
        strm_.avail_in = in_chunk;
        strm_.next_out = reinterpret_cast<Bytef*>(out);
        strm_.avail_out = out_chunk;
        const int rc = inflate(&strm_, Z_NO_FLUSH);
        DecodeStep step{in_chunk - strm_.avail_in, out_chunk - strm_.avail_out};
        pending_output_ = strm_.avail_out == 0;
        switch (rc) {
        case Z_OK:
        case Z_BUF_ERROR:  // no progress possible: needs more input (or more output room)
            break;
        case Z_STREAM_END:
            member_ended_ = true;
            pending_output_ = false;
            break;
        case Z_NEED_DICT:
            fail("needs a preset dictionary");
        case Z_MEM_ERROR:
            throw std::bad_alloc();
        default:
            fail(strm_.msg ? strm_.msg : zError(rc));
        }
        return step;
    }

    bool has_pending_output() const override { return pending_output_; }
    bool at_boundary() const override { return member_ended_; }
    [[noreturn]] void fail_truncated() const override { fail("unexpected end of file"); }

private:
    [[noreturn]] void fail(const char* why) const {
        throw EddyError(ExitCode::io, name_ + ": corrupt gzip data: " + why);
    }

    std::string name_;
    z_stream strm_{};
    bool member_ended_ = false;
    bool pending_output_ = false;
};

}  // namespace

std::unique_ptr<Decoder> make_gzip_decoder(const std::string& name) {
    return std::make_unique<GzipDecoder>(name);
}

}  // namespace eddy
