// Parses one NDJSON line with simdjson On-Demand and, in the same single pass, validates the
// whole record (SPEC §5, §8 rule 5) and pulls out the values of the field plan's paths.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "json/field_plan.hpp"
#include "json/field_value.hpp"

namespace eddy {

class RecordExtractor {
public:
    static constexpr int max_depth = 1024;  // top-level object = depth 1

    explicit RecordExtractor(const FieldPlan& plan);
    ~RecordExtractor();
    RecordExtractor(const RecordExtractor&) = delete;
    RecordExtractor& operator=(const RecordExtractor&) = delete;

    // Parses `line`, whose buffer must stay readable for `capacity` >= line.size() + 64 bytes
    // (simdjson's padding). On success fills `out[0 .. slot_count)` and returns an empty view;
    // otherwise returns the reason the record is invalid ("invalid JSON: unclosed string").
    // Views in `out` stay valid until the next call.
    std::string_view extract(std::string_view line, size_t capacity, FieldValue* out);

private:
    std::string_view extract_fields(std::string_view line, size_t capacity, FieldValue* out);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace eddy
