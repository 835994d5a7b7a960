// Zstandard decoding with ZSTD_decompressStream. One context reads any number of frames
// (concatenated .zst files, skippable frames) in sequence.
#include <zstd.h>

#include <new>

#include "core/error.hpp"
#include "io/decoder.hpp"

namespace eddy {
namespace {

class ZstdDecoder final : public Decoder {
public:
    explicit ZstdDecoder(std::string name) : name_(std::move(name)), dctx_(ZSTD_createDCtx()) {
        if (dctx_ == nullptr) throw std::bad_alloc();
    }
    ~ZstdDecoder() override { ZSTD_freeDCtx(dctx_); }
    ZstdDecoder(const ZstdDecoder&) = delete;
    ZstdDecoder& operator=(const ZstdDecoder&) = delete;

    DecodeStep decode(const char* in, std::size_t in_len, char* out, std::size_t out_capacity) override {
        ZSTD_inBuffer input{in, in_len, 0};
        ZSTD_outBuffer output{out, out_capacity, 0};
        const std::size_t rc = ZSTD_decompressStream(dctx_, &output, &input);
        if (ZSTD_isError(rc)) fail(ZSTD_getErrorName(rc));
        // rc == 0: a frame is complete and fully flushed. Calling again without input would
        // start on the next frame's header and report it as open, so nothing is pending then.
        frame_open_ = rc != 0;
        pending_output_ = frame_open_ && output.pos == output.size;
        return {input.pos, output.pos};
    }

    bool has_pending_output() const override { return pending_output_; }
    bool at_boundary() const override { return !frame_open_; }
    [[noreturn]] void fail_truncated() const override { fail("unexpected end of file"); }

private:
    [[noreturn]] void fail(const char* why) const {
        throw EddyError(ExitCode::io, name_ + ": corrupt zstd data: " + why);
    }

    std::string name_;
    ZSTD_DCtx* dctx_;
    // The magic bytes were seen, so before the first call a frame is open.
    bool frame_open_ = true;
    bool pending_output_ = false;
};

}  // namespace

std::unique_ptr<Decoder> make_zstd_decoder(const std::string& name) {
    return std::make_unique<ZstdDecoder>(name);
}

}  // namespace eddy
