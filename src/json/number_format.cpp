// Number printing for output rows and canonical key text. Shortest round-trip digits come
// from std::to_chars; only the layout (positional vs scientific) is ours, to match Python's repr.
#include "json/number_format.hpp"

#include <charconv>
#include <cmath>

namespace eddy {

void append_int(std::string& out, int64_t v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

void append_uint(std::string& out, uint64_t v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

bool append_double(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out.append("null");
        return false;
    }
    // Shortest round-trip form in scientific notation: "-d.ddde+XX". Its digits and decimal
    // exponent are all repr needs; 32 bytes hold any double's shortest form.
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    const char* p = buf;
    const char* end = res.ptr;
    if (*p == '-') {
        out.push_back('-');
        ++p;
    }
    char digits[20];
    int ndigits = 0;
    while (p < end && *p != 'e') {
        if (*p != '.') digits[ndigits++] = *p;
        ++p;
    }
    int exp = 0;
    std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), end, exp);  // skip 'e' and a '+'

    if (exp >= -4 && exp < 16) {
        if (exp < 0) {
            out.append("0.");
            out.append(static_cast<size_t>(-exp - 1), '0');
            out.append(digits, static_cast<size_t>(ndigits));
        } else {
            const int int_len = exp + 1;
            if (ndigits <= int_len) {
                out.append(digits, static_cast<size_t>(ndigits));
                out.append(static_cast<size_t>(int_len - ndigits), '0');
                out.append(".0");
            } else {
                out.append(digits, static_cast<size_t>(int_len));
                out.push_back('.');
                out.append(digits + int_len, static_cast<size_t>(ndigits - int_len));
            }
        }
        return true;
    }
    out.push_back(digits[0]);
    if (ndigits > 1) {
        out.push_back('.');
        out.append(digits + 1, static_cast<size_t>(ndigits - 1));
    }
    out.push_back('e');
    out.push_back(exp < 0 ? '-' : '+');
    const int mag = exp < 0 ? -exp : exp;
    if (mag < 10) out.push_back('0');
    append_int(out, mag);
    return true;
}

}  // namespace eddy
