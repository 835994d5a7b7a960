// libFuzzer harness for parse_plan (pipeline TOML -> Plan) and describe_plan: any input must
// give a Plan or one EddyError(config) that main() prints as one line "p.toml:LINE:COL: ...".
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/plan_loader.hpp"
#include "config/plan_printer.hpp"
#include "core/error.hpp"
#include "core/one_line.hpp"

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "p.toml:" digits ":" digits ": " then text without a newline or other control byte.
bool well_formed(std::string_view m) {
    constexpr std::string_view prefix = "p.toml:";
    if (m.substr(0, prefix.size()) != prefix) return false;
    size_t i = prefix.size();
    for (int part = 0; part < 2; ++part) {
        const size_t start = i;
        while (i < m.size() && is_digit(m[i])) ++i;
        if (i == start || i >= m.size() || m[i] != ':') return false;
        ++i;
    }
    if (i >= m.size() || m[i] != ' ') return false;
    for (unsigned char c : m)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        eddy::Plan plan = eddy::parse_plan(text, "p.toml");
        (void)eddy::describe_plan(plan);
    } catch (const eddy::EddyError& e) {
        // main() prints one_line(what()): that is the text a user sees.
        const std::string m = eddy::one_line(e.what());
        if (e.code() != eddy::ExitCode::config || !well_formed(m)) {
            std::fprintf(stderr, "bad error (exit %d): %s\n", static_cast<int>(e.code()), e.what());
            std::abort();
        }
    }
    return 0;
}
