// Key texts live in large chunks that never move, so the hash map and the rows can keep
// string_views to them; a new key costs one copy of its text, a known key none.
#include "state/key_table.hpp"

#include <cstring>

namespace eddy {

KeyTable::KeyTable() { intern("[]", {}); }

std::string_view KeyTable::store(std::string_view text) {
    if (chunks_.empty() || chunk_used_ + text.size() > chunk_size_) {
        chunk_size_ = std::max<size_t>(size_t{1} << 20, text.size());
        chunks_.push_back(std::make_unique<char[]>(chunk_size_));
        chunk_used_ = 0;
    }
    char* at = chunks_.back().get() + chunk_used_;
    if (!text.empty()) std::memcpy(at, text.data(), text.size());
    chunk_used_ += text.size();
    return {at, text.size()};
}

KeyId KeyTable::intern(std::string_view text, const std::vector<std::string_view>& components) {
    if (auto it = ids_.find(text); it != ids_.end()) return it->second;
    std::string_view stored = store(text);
    Entry e{stored, static_cast<uint32_t>(spans_.size()), static_cast<uint32_t>(components.size())};
    for (std::string_view c : components)
        spans_.push_back({static_cast<uint32_t>(c.data() - text.data()), static_cast<uint32_t>(c.size())});
    KeyId id(static_cast<uint32_t>(entries_.size()));
    entries_.push_back(e);
    ids_.emplace(stored, id);
    return id;
}

}  // namespace eddy
