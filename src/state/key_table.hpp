// Interns key texts (the compact JSON array of a key's canonical values, SPEC §8 rule 12)
// into dense KeyIds, so keyed state and the batch sort work on ids and stable text views.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>

namespace eddy {

class KeyId {
public:
    constexpr KeyId() = default;
    constexpr explicit KeyId(uint32_t v) : v_(v) {}
    constexpr uint32_t value() const { return v_; }
    constexpr auto operator<=>(const KeyId&) const = default;
    template <class H> friend H AbslHashValue(H h, KeyId k) { return H::combine(std::move(h), k.v_); }
private:
    uint32_t v_ = 0;
};

class KeyTable {
public:
    KeyTable();
    // The id of the key whose text is `text` (`["a",1]`); `components` are the views of the
    // canonical value texts inside `text`, in key_by order. Interns on first sight.
    KeyId intern(std::string_view text, const std::vector<std::string_view>& components);
    // The id of `text` if it was interned in this run.
    std::optional<KeyId> find(std::string_view text) const {
        auto it = ids_.find(text);
        if (it == ids_.end()) return std::nullopt;
        return it->second;
    }
    // The global key `[]` of a pipeline without key_by.
    KeyId global() const { return KeyId(0); }

    std::string_view text(KeyId k) const { return entries_[k.value()].text; }
    // The i-th key value's canonical JSON text.
    std::string_view component(KeyId k, size_t i) const {
        const Entry& e = entries_[k.value()];
        const Span& s = spans_[e.first_span + i];
        return e.text.substr(s.offset, s.length);
    }
    size_t component_count(KeyId k) const { return entries_[k.value()].span_count; }
    size_t size() const { return entries_.size(); }

private:
    struct Span { uint32_t offset, length; };
    struct Entry { std::string_view text; uint32_t first_span, span_count; };
    std::string_view store(std::string_view text);

    std::vector<std::unique_ptr<char[]>> chunks_;  // stable storage: views never move
    size_t chunk_used_ = 0, chunk_size_ = 0;
    std::vector<Entry> entries_;
    std::vector<Span> spans_;
    absl::flat_hash_map<std::string_view, KeyId> ids_;
};

}  // namespace eddy
