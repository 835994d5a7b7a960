// One recursive walk over the On-Demand document: every value is visited (so a syntax error
// anywhere invalidates the line), and the plan's paths are captured with canonical text.
#include "json/record_extractor.hpp"

#include <simdjson.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "json/json_escape.hpp"
#include "json/number_format.hpp"

namespace eddy {

namespace od = simdjson::ondemand;
using simdjson::error_code;

namespace {

std::string_view trim_token(std::string_view t) {
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\n' || t.back() == '\r'))
        t.remove_suffix(1);
    return t;
}

// JSON integer grammar for tokens simdjson classifies as big integers.
bool is_json_integer_text(std::string_view t) {
    size_t i = 0;
    if (i < t.size() && t[i] == '-') ++i;
    if (i >= t.size()) return false;
    if (t[i] == '0') return i + 1 == t.size();
    for (; i < t.size(); ++i)
        if (t[i] < '0' || t[i] > '9') return false;
    return true;
}

std::string_view reason_for(error_code e) {
    switch (e) {
        case simdjson::UTF8_ERROR: return "invalid UTF-8";
        case simdjson::UNCLOSED_STRING: return "invalid JSON: unclosed string";
        case simdjson::UNESCAPED_CHARS: return "invalid JSON: unescaped control character in a string";
        case simdjson::STRING_ERROR: return "invalid JSON: bad string escape";
        case simdjson::NUMBER_ERROR: return "invalid JSON: bad or out-of-range number";
        case simdjson::T_ATOM_ERROR:
        case simdjson::F_ATOM_ERROR:
        case simdjson::N_ATOM_ERROR:
        case simdjson::INCORRECT_TYPE: return "invalid JSON: bad literal";
        case simdjson::DEPTH_ERROR: return "nesting deeper than 1024";
        case simdjson::CAPACITY: return "line too long";
        case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "invalid JSON: unclosed object or array";
        case simdjson::TAPE_ERROR: return "invalid JSON: missing or misplaced comma, colon, brace or bracket";
        default: return "invalid JSON: bad structure";
    }
}

}  // namespace

struct RecordExtractor::Impl {
    const FieldPlan& plan;
    od::parser parser{simdjson::SIMDJSON_MAXSIZE_BYTES};
    std::string scratch;  // canonical texts built during the walk; views are fixed up at the end
    struct Pending { uint16_t slot; uint32_t begin, end; };
    std::vector<Pending> pending;
    std::vector<uint8_t> visited;  // per trie node: seen in this record (first occurrence wins)
    FieldValue* out = nullptr;
    od::document* doc = nullptr;  // for where a captured container ends (its raw text)
    std::string_view line_end;
    std::string_view reason;

    explicit Impl(const FieldPlan& p) : plan(p), visited(p.nodes().size()) {
        // simdjson's own depth limit counts differently from SPEC's (top-level object = 1);
        // give it room and enforce 1024 in walk(). Pre-sizing also keeps iterate() from
        // reallocating until a line longer than any before arrives.
        if (parser.allocate(1 << 16, RecordExtractor::max_depth + 8) != simdjson::SUCCESS) throw std::bad_alloc();
        scratch.reserve(1 << 16);
        pending.reserve(p.slot_count());
    }

    // A container just walked: its raw text runs from `begin` to the next token, less spaces.
    std::string_view raw_since(const char* begin) const {
        const char* end = nullptr;
        if (doc->current_location().get(end) != simdjson::SUCCESS) end = line_end.data();
        while (end > begin && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r')) --end;
        return std::string_view(begin, static_cast<size_t>(end - begin));
    }

    bool fail(error_code e) {
        reason = reason_for(e);
        return false;
    }

    // Walks `v` at `depth`. `node` is the trie node `v` sits at (null: nothing below is read).
    // `canon` says whether `v`'s canonical text must be appended to `scratch`.
    bool walk(od::value v, const FieldPlan::Node* node, int depth, bool canon) {
        if (node && node->slot >= 0 && !canon && !node->canonical) {
            // Captured for its number or string only: formatting canonical text would be wasted.
            return walk_typed(v, node, depth, false, &out[node->slot]);
        }
        if (node && node->slot >= 0) {
            // A captured value: its canonical text goes to scratch (inside an enclosing captured
            // value's text when there is one, which is the same bytes).
            uint32_t begin = static_cast<uint32_t>(scratch.size());
            if (!walk_typed(v, node, depth, true, &out[node->slot])) return false;
            pending.push_back({static_cast<uint16_t>(node->slot), begin, static_cast<uint32_t>(scratch.size())});
            return true;
        }
        return walk_typed(v, node, depth, canon, nullptr);
    }

    bool walk_typed(od::value v, const FieldPlan::Node* node, int depth, bool canon, FieldValue* fv) {
        od::json_type type;
        if (auto e = v.type().get(type)) return fail(e);
        // Depth counts containers: the top-level object is 1, a scalar adds none.
        if (depth > RecordExtractor::max_depth && (type == od::json_type::object || type == od::json_type::array)) {
            reason = "nesting deeper than 1024";
            return false;
        }
        switch (type) {
            case od::json_type::object: {
                od::object obj;
                if (auto e = v.get_object().get(obj)) return fail(e);
                if (!fv) return walk_object(obj, node, depth, canon);
                fv->kind = JsonKind::object;
                const char* begin = v.raw_json_token().data();
                if (!walk_object(obj, node, depth, canon)) return false;
                fv->raw = raw_since(begin);
                return true;
            }
            case od::json_type::array: {
                od::array arr;
                if (auto e = v.get_array().get(arr)) return fail(e);
                if (fv) fv->kind = JsonKind::array;
                const char* begin = fv ? v.raw_json_token().data() : nullptr;
                if (canon) scratch.push_back('[');
                bool first = true;
                size_t index = 0;
                const bool by_index = node && node->children_index_arrays && !node->children.empty();
                for (auto element : arr) {
                    od::value ev;
                    if (auto e = element.get(ev)) return fail(e);
                    if (canon && !first) scratch.push_back(',');
                    first = false;
                    const FieldPlan::Node* child = nullptr;
                    if (by_index) {
                        char digits[24];
                        auto [p, ec] = std::to_chars(digits, digits + sizeof digits, index);
                        (void)ec;
                        child = claim(node->child(std::string_view(digits, p - digits), plan.nodes()));
                    }
                    if (!walk(ev, child, depth + 1, canon)) return false;
                    ++index;
                }
                if (canon) scratch.push_back(']');
                if (fv) fv->raw = raw_since(begin);
                return true;
            }
            case od::json_type::string: return walk_string(v, canon, fv);
            case od::json_type::number: return walk_number(v, canon, fv);
            case od::json_type::boolean: {
                bool b;
                if (auto e = v.get_bool().get(b)) return fail(e);
                if (fv) {
                    fv->kind = JsonKind::boolean;
                    fv->boolean = b;
                }
                if (canon) scratch.append(b ? "true" : "false");
                return true;
            }
            case od::json_type::null: {
                bool is_null = false;
                if (auto e = v.is_null().get(is_null)) return fail(e);
                if (!is_null) return fail(simdjson::N_ATOM_ERROR);
                if (fv) fv->kind = JsonKind::null;
                if (canon) scratch.append("null");
                return true;
            }
        }
        return fail(simdjson::TAPE_ERROR);
    }

    // Scalars are kept out of line: their locals would otherwise sit in every frame of the
    // recursive container walk (1024 levels must fit any stack, sanitizer builds included).
    [[gnu::noinline]] bool walk_string(od::value v, bool canon, FieldValue* fv) {
        std::string_view s;
        if (auto e = v.get_string().get(s)) return fail(e);
        std::string_view raw = trim_token(v.raw_json_token());
        if (fv) {
            fv->kind = JsonKind::string;
            fv->string = s;
            fv->raw = raw;
        }
        if (canon) {
            if (std::memchr(raw.data(), '\\', raw.size()) == nullptr) scratch.append(raw);
            else append_json_string(scratch, s);
        }
        return true;
    }

    // An integer beyond 64 bits: accepted and kept as its text (SPEC §8 rule 5).
    bool big_integer(std::string_view raw, bool canon, FieldValue* fv) {
        if (!is_json_integer_text(raw)) return fail(simdjson::NUMBER_ERROR);
        if (fv) {
            fv->kind = JsonKind::big_integer;
            fv->number = std::strtod(std::string(raw).c_str(), nullptr);
            fv->raw = raw;
        }
        if (canon) scratch.append(raw);
        return true;
    }

    [[gnu::noinline]] bool walk_number(od::value v, bool canon, FieldValue* fv) {
        std::string_view raw = trim_token(v.raw_json_token());
        od::number_type nt;
        if (auto e = v.get_number_type().get(nt)) return fail(e);
        switch (nt) {
            case od::number_type::signed_integer: {
                int64_t i;
                if (v.get_int64().get(i) != simdjson::SUCCESS) return big_integer(raw, canon, fv);  // below int64
                if (fv) {
                    fv->kind = JsonKind::integer;
                    fv->integer = i;
                    fv->integer_fits = true;
                    fv->number = static_cast<double>(i);
                }
                if (canon) scratch.append(raw);
                break;
            }
            case od::number_type::unsigned_integer: {
                // simdjson 3.0 classifies integers beyond uint64 here too and then refuses get_uint64.
                uint64_t u;
                if (v.get_uint64().get(u) != simdjson::SUCCESS) return big_integer(raw, canon, fv);
                if (fv) {
                    fv->kind = JsonKind::integer;
                    fv->integer_fits = false;
                    fv->number = static_cast<double>(u);
                }
                if (canon) scratch.append(raw);
                break;
            }
            case od::number_type::floating_point_number: {
                double d;
                if (auto e = v.get_double().get(d)) return fail(e);
                if (fv) {
                    fv->kind = JsonKind::floating;
                    fv->number = d;
                }
                if (canon) append_double(scratch, d);
                break;
            }
        }
        if (fv) fv->raw = raw;
        return true;
    }

    // First occurrence wins (SPEC §8 rule 4): a trie node matched a second time reads as unmatched.
    const FieldPlan::Node* claim(const FieldPlan::Node* child) {
        if (!child) return nullptr;
        uint8_t& seen = visited[static_cast<size_t>(child - plan.nodes().data())];
        if (seen) return nullptr;
        seen = 1;
        return child;
    }

    bool walk_object(od::object obj, const FieldPlan::Node* node, int depth, bool canon) {
        if (canon) scratch.push_back('{');
        bool first = true;
        const bool match = node && !node->children.empty();
        for (auto field : obj) {
            std::string_view key;
            if (auto e = field.unescaped_key().get(key)) return fail(e);
            if (canon) {
                if (!first) scratch.push_back(',');
                append_json_string(scratch, key);
                scratch.push_back(':');
            }
            first = false;
            od::value fv;
            if (auto e = field.value().get(fv)) return fail(e);
            const FieldPlan::Node* child = match ? claim(node->child(key, plan.nodes())) : nullptr;
            if (!walk(fv, child, depth + 1, canon)) return false;
        }
        if (canon) scratch.push_back('}');
        return true;
    }
};

RecordExtractor::RecordExtractor(const FieldPlan& plan) : impl_(std::make_unique<Impl>(plan)) {}
RecordExtractor::~RecordExtractor() = default;

namespace {
// Where the first top-level object of `line` ends (just past its '}'), by brace counting
// outside strings; npos when it does not start with one or never closes.
size_t end_of_first_object(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i >= line.size() || line[i] != '{') return std::string_view::npos;
    int depth = 0;
    bool in_string = false;
    for (; i < line.size(); ++i) {
        const char c = line[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') ++depth;
        else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
    }
    return std::string_view::npos;
}
}  // namespace

std::string_view RecordExtractor::extract(std::string_view line, size_t capacity, FieldValue* out) {
    const std::string_view reason = extract_fields(line, capacity, out);
    if (reason.empty() || !reason.starts_with("invalid JSON")) return reason;
    // simdjson reports a valid object followed by more text as a structural error; say what it is.
    const size_t end = end_of_first_object(line);
    if (end == std::string_view::npos || end == line.size()) return reason;
    // Only a well-formed object followed by more is named so; `out` is unused after a failure.
    if (!extract_fields(line.substr(0, end), capacity, out).empty()) return reason;
    return "invalid JSON: content after the object";
}

std::string_view RecordExtractor::extract_fields(std::string_view line, size_t capacity, FieldValue* out) {
    Impl& im = *impl_;
    const size_t slots = im.plan.slot_count();
    for (size_t i = 0; i < slots; ++i) out[i] = FieldValue{};
    std::memset(im.visited.data(), 0, im.visited.size());
    im.scratch.clear();
    im.pending.clear();
    im.out = out;
    im.reason = {};

    od::document doc;
    if (auto e = im.parser.iterate(line.data(), line.size(), capacity).get(doc)) return reason_for(e);
    im.doc = &doc;
    im.line_end = line.substr(line.size());
    od::json_type type;
    if (auto e = doc.type().get(type)) return reason_for(e);
    if (type != od::json_type::object) return "not an object";
    od::object obj;
    if (auto e = doc.get_object().get(obj)) return reason_for(e);
    const FieldPlan::Node& root = im.plan.root();
    if (root.slot >= 0) {
        // The whole record is read (a "/" pointer): capture it with its canonical text.
        uint32_t begin = 0;
        out[root.slot].kind = JsonKind::object;
        if (!im.walk_object(obj, &root, 1, true)) return im.reason;
        im.pending.push_back({static_cast<uint16_t>(root.slot), begin, static_cast<uint32_t>(im.scratch.size())});
    } else if (!im.walk_object(obj, &root, 1, false)) {
        return im.reason;
    }
    // Anything after the object (a second value) makes the line invalid.
    const char* loc = nullptr;
    if (doc.current_location().get(loc) != simdjson::OUT_OF_BOUNDS) return "invalid JSON: content after the object";
    for (const auto& p : im.pending)
        out[p.slot].canonical = std::string_view(im.scratch.data() + p.begin, p.end - p.begin);
    return {};
}

}  // namespace eddy
