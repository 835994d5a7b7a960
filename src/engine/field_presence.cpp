// Fields stay in the watch list until seen once; the common case (all present in the first
// event) leaves nothing to check for the rest of the run.
#include "engine/field_presence.hpp"

#include <fmt/format.h>

namespace eddy {

void FieldPresence::watch(std::string what, FieldSlot slot) {
    for (const Watched& w : watched_)
        if (w.slot == slot) return;  // one warning per field, under its first role
    watched_.push_back({std::move(what), slot, false});
    ++unseen_;
}

void FieldPresence::observe_slow(const FieldValue* fields) {
    for (Watched& w : watched_) {
        if (!w.seen && fields[w.slot.index()].kind != JsonKind::missing) {
            w.seen = true;
            --unseen_;
        }
    }
}

std::vector<std::string> FieldPresence::never_seen(uint64_t events) const {
    std::vector<std::string> out;
    if (events == 0) return out;
    for (const Watched& w : watched_)
        if (!w.seen)
            out.push_back(events == 1 ? fmt::format("{} was missing in the one event", w.what)
                                      : fmt::format("{} was missing in all {} events", w.what, events));
    return out;
}

}  // namespace eddy
