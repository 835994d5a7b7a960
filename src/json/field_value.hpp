// One JSON value pulled out of a record by the field plan: its type, its number, and views
// of its raw and canonical text. Views point into the line or a per-record scratch buffer.
#pragma once
#include <cstdint>
#include <string_view>

namespace eddy {

enum class JsonKind : uint8_t {
    missing,   // the path does not exist in the record
    null,
    boolean,
    integer,   // fits int64 (or uint64 above int64: then also `number`, see below)
    big_integer, // an integer beyond 64 bits, kept as its text (SPEC §8 rule 5)
    floating,  // any number with a fraction or exponent
    string,
    array,
    object,
};

struct FieldValue {
    JsonKind kind = JsonKind::missing;
    bool boolean = false;
    int64_t integer = 0;     // kind == integer and the value fits int64
    double number = 0;       // kind in {integer, big_integer, floating}: the value as a double
    bool integer_fits = true; // kind == integer: false when it only fits uint64 (then use `number`)
    std::string_view raw;       // the value's raw JSON text as in the line (numbers: their decimal text)
    std::string_view canonical; // canonical compact JSON text, SPEC §8 rule 12
    std::string_view string;    // kind == string: the unescaped UTF-8 content

    bool is_missing_or_null() const { return kind == JsonKind::missing || kind == JsonKind::null; }
    bool is_number() const {
        return kind == JsonKind::integer || kind == JsonKind::big_integer || kind == JsonKind::floating;
    }
};

}  // namespace eddy
