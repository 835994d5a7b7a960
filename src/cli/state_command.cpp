// `eddy state`: info (for a person), dump (NDJSON for scripts), reset. info and dump read
// without the run lock (LMDB readers never block a writer) and without the pipeline file, so
// they decode what every state has in common and show stage entries by kind.
#include <sys/stat.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "io/input_cursor.hpp"
#include "json/json_escape.hpp"
#include "state/byte_codec.hpp"
#include "state/lmdb.hpp"
#include "state/stage_state.hpp"
#include "state/state_dir.hpp"
#include "time/time_output.hpp"

namespace eddy {

namespace {

std::string time_json(int64_t ns) {
    const EventTime t(ns);
    if (t.is_min_infinity()) return "null";
    if (t.is_max_infinity()) return "\"+inf\"";
    std::string s;
    append_time_bound(s, t, OutputTimeFormat::rfc3339);
    return s;
}

// For a person: the time without JSON quotes, "none" before the first event.
std::string time_text(int64_t ns) {
    std::string s = time_json(ns);
    if (s == "null") return "none";
    if (s.size() >= 2 && s.front() == '"') return s.substr(1, s.size() - 2);
    return s;
}

std::string json_string(std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
}

const char* entry_name(char kind) {
    switch (kind) {
        case 'w': return "window";
        case 's': return "session";
        case 'z': return "sessionize_session";
        case 'e': return "session_event";
        case 'd': return "dedup_id";
        case 'm': return "stage_meta";
        case 't': return "due_index";
        case 'a': return "start_index";
        case 'k': return "session_index";
        case 'i': return "dedup_index";
        default: return "unknown";
    }
}

// Calls fn for every entry of the state, read in one transaction.
void read_state(const std::string& dir, const std::function<void(std::string_view, std::string_view)>& fn) {
    struct stat st {};
    if (::stat((dir + "/data.mdb").c_str(), &st) != 0)
        throw EddyError(ExitCode::no_input, dir + ": no eddy state here");
    LmdbEnv env(dir, static_cast<uint64_t>(st.st_size) + (uint64_t{1} << 20));
    LmdbTxn txn(env, false);
    std::string_view format;
    if (txn.get("Mformat", format) && (format.size() != 1 || static_cast<uint8_t>(format[0]) != kStateFormat))
        state_corrupt(dir, "the state format");
    txn.scan(std::string_view("", 0), [&](std::string_view k, std::string_view v) {
        fn(k, v);
        return true;
    });
}

int state_dump(const std::string& dir) {
    read_state(dir, [&](std::string_view key, std::string_view value) {
        std::string line;
        if (key == "Msource") {
            ByteReader r(value);
            const int64_t w = r.svarint(), max_seen = r.svarint();
            const uint64_t arrivals = r.varint();
            line = fmt::format("{{\"entry\":\"source\",\"watermark\":{},\"max_event_time\":{},\"events\":{}}}",
                               time_json(w), time_json(max_seen), arrivals);
        } else if (key[0] == 'C') {
            auto c = InputCursor::decode(value);
            if (!c) state_corrupt(dir, "an input cursor");
            line = fmt::format("{{\"entry\":\"cursor\",\"input\":{},\"offset\":{},\"lines\":{},\"device\":{},\"inode\":{},"
                               "\"compressed\":{}}}",
                               json_string(key.substr(1)), c->offset, c->lines, c->device, c->inode,
                               c->compressed ? "true" : "false");
        } else if (key[0] == 'O') {
            ByteReader r(value);
            const std::string_view path = r.bytes();
            const uint64_t length = r.varint();
            line = fmt::format("{{\"entry\":\"output\",\"role\":{},\"path\":{},\"committed_bytes\":{}}}",
                               json_string(key.substr(1)), json_string(path), length);
        } else if (key[0] == 'S' && key.size() >= 4) {
            const int stage = (static_cast<uint8_t>(key[1]) << 8 | static_cast<uint8_t>(key[2])) + 1;
            const char kind = key[3];
            line = fmt::format("{{\"entry\":\"{}\",\"stage\":{}", entry_name(kind), stage);
            ByteReader k(key.substr(4));
            if (kind == 'w' || kind == 's') {  // key text + start
                const std::string_view text = k.bytes();
                const int64_t start = k.ordered_i64();
                if (k.complete()) line += fmt::format(",\"key\":{},\"start\":{}", text, time_json(start));
            } else if (kind == 'z' || kind == 'e') {
                line += fmt::format(",\"session\":{}", k.fixed64());
                if (kind == 'e') line += fmt::format(",\"index\":{}", k.fixed64());
            } else if (kind == 'd') {
                const int64_t expiry = k.ordered_i64();
                const uint64_t high = k.fixed64(), low = k.fixed64();
                line += fmt::format(",\"expires\":{},\"id\":\"{:016x}{:016x}\"", time_json(expiry), high, low);
            }
            line += fmt::format(",\"bytes\":{}}}", value.size());
        } else {
            line = fmt::format("{{\"entry\":\"meta\",\"name\":{},\"bytes\":{}}}", json_string(key), value.size());
        }
        std::printf("%s\n", line.c_str());
    });
    return 0;
}

int state_info(const std::string& dir) {
    std::string source = "no events yet";
    std::vector<std::string> cursors, outputs;
    std::map<std::pair<int, char>, uint64_t> entries;
    std::set<std::string> key_texts;
    uint64_t total = 0;
    read_state(dir, [&](std::string_view key, std::string_view value) {
        total += key.size() + value.size();
        if (key == "Msource") {
            ByteReader r(value);
            const int64_t w = r.svarint(), max_seen = r.svarint();
            const uint64_t arrivals = r.varint();
            source = fmt::format("watermark {}, latest event time {}, {} events so far", time_text(w),
                                 time_text(max_seen), arrivals);
        } else if (key[0] == 'C') {
            if (auto c = InputCursor::decode(value))
                cursors.push_back(fmt::format("  {}: {} bytes, {} lines read", key.substr(1), c->offset, c->lines));
        } else if (key[0] == 'O') {
            ByteReader r(value);
            const std::string_view path = r.bytes();
            outputs.push_back(fmt::format("  {} {}: {} bytes committed", key.substr(1), path, r.varint()));
        } else if (key[0] == 'S' && key.size() >= 4 && std::string_view("mtaki").find(key[3]) == std::string_view::npos) {
            ++entries[{(static_cast<uint8_t>(key[1]) << 8 | static_cast<uint8_t>(key[2])) + 1, key[3]}];
            // Windows and session windows have the key's text first in their key; sessionize
            // sessions first in their value.
            ByteReader r(key[3] == 'z' ? value.substr(1) : key.substr(4));
            if (key[3] == 'w' || key[3] == 's' || key[3] == 'z') {
                const std::string_view text = r.bytes();
                if (!r.failed()) key_texts.emplace(text);
            }
        }
    });
    struct stat st {};
    ::stat((dir + "/data.mdb").c_str(), &st);
    std::printf("state dir %s\n%s\n", dir.c_str(), source.c_str());
    std::printf("%zu keys with open windows or sessions\n", key_texts.size());
    if (entries.empty()) std::printf("no open windows, sessions or dedup ids\n");
    for (const auto& [where, n] : entries) {
        const char* what = where.second == 'w'   ? "open windows"
                           : where.second == 's' ? "open sessions"
                           : where.second == 'z' ? "open sessions"
                           : where.second == 'e' ? "buffered session events"
                           : where.second == 'd' ? "dedup ids"
                                                 : "other entries";
        std::printf("stage %d: %llu %s\n", where.first, static_cast<unsigned long long>(n), what);
    }
    std::printf("inputs%s\n", cursors.empty() ? ": none read from files" : ":");
    for (const std::string& c : cursors) std::printf("%s\n", c.c_str());
    if (!outputs.empty()) std::printf("output files:\n");
    for (const std::string& o : outputs) std::printf("%s\n", o.c_str());
    std::printf("size: %llu bytes of keys and values, %llu bytes on disk\n", static_cast<unsigned long long>(total),
                static_cast<unsigned long long>(st.st_size));
    return 0;
}

int state_reset(const std::string& dir, bool wait) {
    struct stat st {};
    if (::stat((dir + "/data.mdb").c_str(), &st) != 0)
        throw EddyError(ExitCode::no_input, dir + ": no eddy state here");
    StateDir state(dir, static_cast<uint64_t>(st.st_size) + (uint64_t{1} << 20), wait);
    LmdbTxn txn(state.env(), true);
    txn.del_range(std::string_view("\0", 1), "\xff\xff");
    txn.commit();
    std::printf("state in %s cleared\n", dir.c_str());
    return 0;
}

}  // namespace

int command_state(const std::string& action, const std::string& dir, bool wait) {
    if (action == "info") return state_info(dir);
    if (action == "dump") return state_dump(dir);
    return state_reset(dir, wait);
}

}  // namespace eddy
