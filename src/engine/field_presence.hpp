// Which fields named in the pipeline appeared in at least one event: a misspelt field
// otherwise reads as missing everywhere (a null key, empty aggregates) without a word.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "json/field_plan.hpp"
#include "json/field_value.hpp"

namespace eddy {

class FieldPresence {
public:
    // `what` names the field for the warning, e.g. "key field 'user'"; a field watched
    // already (the same slot) keeps its first name.
    void watch(std::string what, FieldSlot slot);
    // Per valid event; costs nothing once every watched field has been seen.
    void observe(const FieldValue* fields) {
        if (unseen_ > 0) observe_slow(fields);
    }
    // "key field 'stauts' was missing in all 9999 events", one per field never seen.
    std::vector<std::string> never_seen(uint64_t events) const;

private:
    void observe_slow(const FieldValue* fields);
    struct Watched {
        std::string what;
        FieldSlot slot;
        bool seen = false;
    };
    std::vector<Watched> watched_;
    size_t unseen_ = 0;
};

}  // namespace eddy
