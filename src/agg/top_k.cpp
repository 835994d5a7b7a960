// top_k: a plain count map while exact; on the first overflow, Space-Saving keeps its counters
// in a set ordered by (count, text) so the smallest is found and replaced in O(log m).
#include "agg/top_k.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "agg/agg_counters.hpp"
#include "json/number_format.hpp"

namespace eddy {

namespace {

// Debian's abseil has its own string_view type (not an alias of std's).
absl::string_view as_absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

using Entry = std::pair<uint64_t, std::string_view>;

// Output order and the order of what a merge keeps: count descending, then text bytewise.
bool ranks_before(const Entry& a, const Entry& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second < b.second;
}

class SpaceSaving {
public:
    SpaceSaving() = default;
    SpaceSaving(const SpaceSaving& o) {
        for (const Counter& c : o.order_) insert(c.count, c.text);
    }
    SpaceSaving& operator=(const SpaceSaving&) = delete;

    void insert(uint64_t count, std::string_view text) {
        const auto it = order_.insert(Counter{count, std::string(text)}).first;
        index_.emplace(as_absl(it->text), it);
    }

    bool increment(absl::string_view text) {
        const auto found = index_.find(text);
        if (found == index_.end()) return false;
        // Moving the node keeps its string where it is, so the index's key view stays valid.
        auto node = order_.extract(found->second);
        ++node.value().count;
        found->second = order_.insert(std::move(node)).position;
        return true;
    }

    // The value with the smallest count (then smallest text) gives way; the newcomer inherits
    // its count + 1, the Space-Saving overestimate that keeps every count an upper bound.
    void replace_min(std::string_view text) {
        const auto min = order_.begin();
        index_.erase(as_absl(min->text));
        auto node = order_.extract(min);
        ++node.value().count;
        node.value().text.assign(text.data(), text.size());
        const auto it = order_.insert(std::move(node)).position;
        index_.emplace(as_absl(it->text), it);
    }

    template <class F>
    void for_each(F&& f) const {
        for (const Counter& c : order_) f(std::string_view(c.text), c.count);
    }
    size_t size() const { return order_.size(); }

private:
    struct Counter {
        uint64_t count;
        std::string text;
    };
    struct CounterLess {
        bool operator()(const Counter& a, const Counter& b) const {
            if (a.count != b.count) return a.count < b.count;
            return a.text < b.text;
        }
    };
    using Order = std::set<Counter, CounterLess>;
    Order order_;
    absl::flat_hash_map<absl::string_view, Order::iterator> index_;
};

}  // namespace

// A full count map and Space-Saving over the same counters behave alike (a new value evicts the
// smallest either way), so merge and decode always make the map; the set is built on demand.
struct TopKAgg::Impl {
    absl::flat_hash_map<std::string, uint64_t> exact;  // emptied once `space_saving` exists
    std::unique_ptr<SpaceSaving> space_saving;

    Impl() = default;
    Impl(const Impl& o)
        : exact(o.exact), space_saving(o.space_saving ? std::make_unique<SpaceSaving>(*o.space_saving) : nullptr) {}
    Impl& operator=(const Impl&) = delete;

    template <class F>
    void for_each(F&& f) const {
        if (space_saving) {
            space_saving->for_each(f);
            return;
        }
        for (const auto& [text, count] : exact) f(std::string_view(text.data(), text.size()), count);
    }
    size_t size() const { return space_saving ? space_saving->size() : exact.size(); }
};

TopKAgg::TopKAgg() = default;
TopKAgg::~TopKAgg() = default;
TopKAgg::TopKAgg(TopKAgg&&) noexcept = default;
TopKAgg& TopKAgg::operator=(TopKAgg&&) noexcept = default;

TopKAgg::TopKAgg(const TopKAgg& o) : impl_(o.impl_ ? std::make_unique<Impl>(*o.impl_) : nullptr) {}

TopKAgg& TopKAgg::operator=(const TopKAgg& o) {
    if (this != &o) {
        TopKAgg copy(o);
        *this = std::move(copy);
    }
    return *this;
}

void TopKAgg::add(const FieldValue& v, EventTime, ArrivalSeq, AggCounters&) {
    if (v.is_missing_or_null()) return;
    add_text(v.canonical);
}

void TopKAgg::add_text(std::string_view text) {
    if (!impl_) impl_ = std::make_unique<Impl>();
    Impl& s = *impl_;
    const absl::string_view key = as_absl(text);
    if (s.space_saving) {
        if (!s.space_saving->increment(key)) s.space_saving->replace_min(text);
        return;
    }
    if (const auto it = s.exact.find(key); it != s.exact.end()) {
        ++it->second;
        return;
    }
    if (s.exact.size() < kCounters) {
        s.exact.emplace(std::string(text), 1);
        return;
    }
    auto ss = std::make_unique<SpaceSaving>();
    for (const auto& [t, c] : s.exact) ss->insert(c, std::string_view(t.data(), t.size()));
    absl::flat_hash_map<std::string, uint64_t>().swap(s.exact);  // frees the table, not just its entries
    s.space_saving = std::move(ss);
    s.space_saving->replace_min(text);
}

void TopKAgg::merge(const TopKAgg& newer) {
    if (!newer.impl_) return;
    if (!impl_) {
        impl_ = std::make_unique<Impl>(*newer.impl_);
        return;
    }
    absl::flat_hash_map<std::string, uint64_t> combined;
    if (impl_->space_saving) {
        combined.reserve(impl_->space_saving->size() + newer.impl_->size());
        impl_->space_saving->for_each([&](std::string_view t, uint64_t c) { combined.emplace(std::string(t), c); });
    } else {
        combined.swap(impl_->exact);
    }
    newer.impl_->for_each([&](std::string_view t, uint64_t c) {
        if (const auto it = combined.find(as_absl(t)); it != combined.end()) it->second += c;
        else combined.emplace(std::string(t), c);
    });
    if (combined.size() > kCounters) {
        std::vector<Entry> entries;
        entries.reserve(combined.size());
        for (const auto& [t, c] : combined) entries.emplace_back(c, std::string_view(t.data(), t.size()));
        std::nth_element(entries.begin(), entries.begin() + kCounters, entries.end(), ranks_before);
        absl::flat_hash_map<std::string, uint64_t> kept;
        kept.reserve(kCounters);
        for (size_t i = 0; i < kCounters; ++i) kept.emplace(std::string(entries[i].second), entries[i].first);
        combined.swap(kept);
    }
    impl_->space_saving.reset();
    impl_->exact.swap(combined);
}

size_t TopKAgg::counters() const { return impl_ ? impl_->size() : 0; }

bool TopKAgg::is_space_saving() const { return impl_ && impl_->space_saving; }

void TopKAgg::write(std::string& out, const AggParams& params, AggCounters&) const {
    out.push_back('[');
    if (impl_ && params.limit > 0) {
        std::vector<Entry> entries;
        entries.reserve(impl_->size());
        impl_->for_each([&](std::string_view t, uint64_t c) { entries.emplace_back(c, t); });
        const size_t k = std::min(entries.size(), static_cast<size_t>(params.limit));
        std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(k), entries.end(),
                          ranks_before);
        for (size_t i = 0; i < k; ++i) {
            if (i) out.push_back(',');
            out.append("{\"value\":");
            out.append(entries[i].second);
            out.append(",\"count\":");
            append_uint(out, entries[i].first);
            out.push_back('}');
        }
    }
    out.push_back(']');
}

void TopKAgg::encode(ByteWriter& w) const {
    std::vector<Entry> entries;
    if (impl_) {
        entries.reserve(impl_->size());
        impl_->for_each([&](std::string_view t, uint64_t c) { entries.emplace_back(c, t); });
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.second < b.second; });
    w.varint(entries.size());
    for (const Entry& e : entries) {
        w.bytes(e.second);
        w.varint(e.first);
    }
}

void TopKAgg::decode(ByteReader& r) {
    impl_.reset();
    const uint64_t n = r.varint();
    if (n > kCounters) return r.invalidate();
    if (n == 0) return;
    auto s = std::make_unique<Impl>();
    s->exact.reserve(n);
    std::string_view prev;
    for (uint64_t i = 0; i < n && !r.failed(); ++i) {
        const std::string_view text = r.bytes();
        const uint64_t count = r.varint();
        if (r.failed()) return;
        // Strictly increasing texts: no duplicates, and the order encode writes.
        if (text.empty() || count == 0 || (i > 0 && text <= prev)) return r.invalidate();
        s->exact.emplace(std::string(text), count);
        prev = text;
    }
    impl_ = std::move(s);
}

}  // namespace eddy
