// The field plan: every path that the stages of one pipeline segment read, compiled once
// into a trie so that one pass over a record pulls them all out (DESIGN "Parser/Extractor").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/plan.hpp"

namespace eddy {

// Index of an extracted value in a record's FieldValue array.
class FieldSlot {
public:
    constexpr FieldSlot() = default;
    constexpr explicit FieldSlot(uint16_t i) : i_(i) {}
    constexpr uint16_t index() const { return i_; }
    constexpr bool operator==(const FieldSlot&) const = default;
private:
    uint16_t i_ = 0;
};

class FieldPlan {
public:
    // A sanity bound, not a design limit: slots are indices into a per-segment vector.
    static constexpr size_t max_slots = 4096;

    FieldPlan();
    // The slot for `path`, shared with an equal path added before. `canonical`: the reader needs
    // the value's canonical text (keys, first/last, distinct); sums and times only need the number.
    FieldSlot add(const FieldPath& path, bool canonical = true);
    size_t slot_count() const { return slot_count_; }

    // Trie node: children by member name; `slot` >= 0 when a path ends here.
    struct Node {
        int slot = -1;
        bool canonical = false;  // some reader of this slot needs FieldValue::canonical
        std::vector<std::pair<std::string, uint32_t>> children;  // (name, node index)
        bool children_index_arrays = false;  // a pointer path continues here: array elements match by index
        const Node* child(std::string_view name, const std::vector<Node>& nodes) const {
            for (const auto& [n, idx] : children)
                if (n.size() == name.size() && n == name) return &nodes[idx];
            return nullptr;
        }
    };
    const std::vector<Node>& nodes() const { return nodes_; }
    const Node& root() const { return nodes_[0]; }

private:
    std::vector<Node> nodes_;
    size_t slot_count_ = 0;
};

}  // namespace eddy
