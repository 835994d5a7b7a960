// collect: a bounded max-heap, sorted only when a row prints or the state is stored. The text
// breaks (time, arrival) ties so that what is kept never depends on the order of adds or merges.
#include "agg/collect.hpp"

#include <algorithm>
#include <cstdint>

#include "agg/agg_counters.hpp"

namespace eddy {

namespace {

bool item_less(const CollectAgg::Item& a, const CollectAgg::Item& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.seq != b.seq) return a.seq < b.seq;
    return a.text < b.text;
}

bool key_less(EventTime t, ArrivalSeq seq, std::string_view text, const CollectAgg::Item& b) {
    if (t != b.time) return t < b.time;
    if (seq != b.seq) return seq < b.seq;
    return text < std::string_view(b.text);
}

std::vector<const CollectAgg::Item*> in_order(const std::vector<CollectAgg::Item>& items) {
    std::vector<const CollectAgg::Item*> sorted;
    sorted.reserve(items.size());
    for (const auto& item : items) sorted.push_back(&item);
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return item_less(*a, *b); });
    return sorted;
}

}  // namespace

void CollectAgg::add(const FieldValue& v, EventTime t, ArrivalSeq seq, AggCounters&) {
    if (v.is_missing_or_null()) return;
    add_text(v.canonical, t, seq);
}

void CollectAgg::add_text(std::string_view text, EventTime t, ArrivalSeq seq) {
    if (limit_ <= 0) return;
    if (kept_.size() < static_cast<uint64_t>(limit_)) {
        kept_.push_back(Item{t, seq, std::string(text)});
        std::push_heap(kept_.begin(), kept_.end(), item_less);
        return;
    }
    // Full: an event after every kept one (the usual in-order case) costs one comparison.
    if (!key_less(t, seq, text, kept_.front())) return;
    std::pop_heap(kept_.begin(), kept_.end(), item_less);
    Item& slot = kept_.back();
    slot.time = t;
    slot.seq = seq;
    slot.text.assign(text.data(), text.size());  // reuses the evicted value's buffer
    std::push_heap(kept_.begin(), kept_.end(), item_less);
}

void CollectAgg::merge(const CollectAgg& newer) {
    for (const Item& item : newer.kept_) add_text(item.text, item.time, item.seq);
}

void CollectAgg::write(std::string& out, const AggParams&, AggCounters&) const {
    out.push_back('[');
    bool first = true;
    for (const Item* item : in_order(kept_)) {
        if (!first) out.push_back(',');
        first = false;
        out.append(item->text);
    }
    out.push_back(']');
}

// Times go as deltas from the previous (sorted, so non-negative): a few bytes instead of nine.
void CollectAgg::encode(ByteWriter& w) const {
    w.varint(kept_.size());
    uint64_t prev = 0;
    bool first = true;
    for (const Item* item : in_order(kept_)) {
        const auto t = static_cast<uint64_t>(item->time.ns());
        if (first) w.svarint(item->time.ns());
        else w.varint(t - prev);
        first = false;
        prev = t;
        w.varint(item->seq.value());
        w.bytes(item->text);
    }
}

void CollectAgg::decode(ByteReader& r) {
    kept_.clear();
    const uint64_t n = r.varint();
    // The plan fixes the limit (a changed plan is refused by the fingerprint before any decode).
    if (limit_ < 0 || n > static_cast<uint64_t>(limit_)) return r.invalidate();
    kept_.reserve(std::min<uint64_t>(n, 4096));
    uint64_t prev = 0;
    for (uint64_t i = 0; i < n && !r.failed(); ++i) {
        uint64_t t = 0;
        if (i == 0) {
            t = static_cast<uint64_t>(r.svarint());
        } else {
            const uint64_t delta = r.varint();
            // INT64_MAX − prev is in [0, 2^64) for any int64 prev, so the unsigned difference is exact.
            if (delta > static_cast<uint64_t>(INT64_MAX) - prev) return r.invalidate();
            t = prev + delta;
        }
        prev = t;
        const uint64_t seq = r.varint();
        const std::string_view text = r.bytes();
        if (r.failed()) return;
        if (text.empty()) return r.invalidate();
        Item item{EventTime(static_cast<int64_t>(t)), ArrivalSeq(seq), std::string(text)};
        if (!kept_.empty() && item_less(item, kept_.back())) return r.invalidate();
        kept_.push_back(std::move(item));
    }
    if (r.failed()) return;
    std::make_heap(kept_.begin(), kept_.end(), item_less);
}

}  // namespace eddy
