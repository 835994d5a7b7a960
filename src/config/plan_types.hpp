// The small value types the plan and the parsed expressions share: where something was
// written in the pipeline file, and a field path as written.
#pragma once
#include <string>
#include <vector>

namespace eddy {

// Where something was written in the pipeline file (1-based; 0 = unknown).
struct SourcePos {
    int line = 0;
    int column = 0;
};

// A field path: "a.b.c" walks objects; "/a/b/0" is a JSON pointer (RFC 6901) that also
// indexes arrays and reaches names containing dots (SPEC §8 rule 7).
struct FieldPath {
    std::string text;                // as written, e.g. "http.ts" or "/http/ts"
    std::vector<std::string> steps;  // member names (pointer: unescaped ~0 ~1; may be array indices)
    bool pointer = false;            // steps may index arrays
    bool operator==(const FieldPath& o) const { return steps == o.steps && pointer == o.pointer; }
};

}  // namespace eddy
