// The streaming decompressor behind InputStream (io-internal): gzip and zstd share one
// small interface so the reader calls one virtual function per block, never per byte.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

namespace eddy {

struct DecodeStep {
    std::size_t consumed = 0;  // input bytes taken
    std::size_t produced = 0;  // output bytes written
};

class Decoder {
public:
    virtual ~Decoder() = default;
    // Decompresses from [in, in+in_len) into [out, out+out_capacity). in_len may be 0 when
    // has_pending_output() says the decoder still holds output. Throws
    // EddyError(io, "<name>: corrupt <format> data: <why>").
    virtual DecodeStep decode(const char* in, std::size_t in_len, char* out, std::size_t out_capacity) = 0;
    // The last call filled the output completely, so more output may come without input.
    virtual bool has_pending_output() const = 0;
    // Everything decoded so far ends on a member/frame boundary: end of input here is clean.
    virtual bool at_boundary() const = 0;
    // Throws the "truncated" error (end of input inside a member/frame).
    [[noreturn]] virtual void fail_truncated() const = 0;
};

std::unique_ptr<Decoder> make_gzip_decoder(const std::string& name);
std::unique_ptr<Decoder> make_zstd_decoder(const std::string& name);

}  // namespace eddy
