// Unit tests for config/plan_loader on broken pipeline files: each message of the config
// error list with its file:line:column, counted by hand from the TOML text (1-based).
#include <doctest/doctest.h>

#include <string>

#include "config/plan_loader.hpp"
#include "core/error.hpp"

using namespace eddy;

namespace {

// The message parse_plan ends the run with, or "(no error)".
std::string config_error(const std::string& text) {
    try {
        parse_plan(text, "p.toml");
    } catch (const EddyError& e) {
        CHECK(e.code() == ExitCode::config);
        return e.what();
    }
    return "(no error)";
}

// A window stage whose header is on line 1: op line 2, type line 3, then `rest` from line 4.
std::string window(const std::string& type, const std::string& rest) {
    return "[[stage]]\nop = \"window\"\ntype = \"" + type + "\"\n" + rest;
}

// A tumbling 1m window whose `[stage.aggregate]` header is line 5; `aggs` start on line 6.
std::string with_aggregates(const std::string& aggs) {
    return window("tumbling", "size = \"1m\"\n[stage.aggregate]\n" + aggs);
}

}  // namespace

TEST_CASE("config errors: TOML syntax, at toml++'s position") {
    std::string e = config_error("a = \n");
    CHECK(e.rfind("p.toml:1:5: ", 0) == 0);
    CHECK(e.find("expected value") != std::string::npos);
    CHECK(e.find('\n') == std::string::npos);  // one line on stderr
}

TEST_CASE("config errors: unknown keys, at the key") {
    CHECK(config_error("[sorce]\n") == "p.toml:1:2: unknown key 'sorce' (did you mean 'source'?)");
    CHECK(config_error("\n\nstages = []\n") == "p.toml:3:1: unknown key 'stages' (did you mean 'stage'?)");
    CHECK(config_error("[frobnicate]\n") == "p.toml:1:2: unknown key 'frobnicate'");
    CHECK(config_error("[source]\ntime_feild = \"ts\"\n") ==
          "p.toml:2:1: unknown key 'time_feild' in [source] (did you mean 'time_field'?)");
    CHECK(config_error("[watermark]\nmax_out_of_order = \"5s\"\n") ==
          "p.toml:2:1: unknown key 'max_out_of_order' in [watermark] (did you mean 'max_out_of_orderness'?)");
    CHECK(config_error("[state]\ndirr = \"x\"\n") == "p.toml:2:1: unknown key 'dirr' in [state] (did you mean 'dir'?)");
    CHECK(config_error("[output]\nformat = \"epoch_s\"\n") == "p.toml:2:10: [output] format must be ndjson, csv or tsv");
    CHECK(config_error("[output]\nformt = \"csv\"\n") == "p.toml:2:1: unknown key 'formt' in [output] (did you mean 'format'?)");
    CHECK(config_error("[[test]]\ninptu = \"{}\"\n") == "p.toml:2:1: unknown key 'inptu' in [[test]] (did you mean 'input'?)");
    CHECK(config_error(window("tumbling", "sizee = \"1m\"\n")) ==
          "p.toml:4:1: unknown key 'sizee' in [[stage]] (did you mean 'size'?)");
    // In an inline table the key's column counts from the line start: `stage = [{ op = "key_by", ` is 26 characters.
    CHECK(config_error("stage = [{ op = \"key_by\", feilds = [\"u\"] }]\n") ==
          "p.toml:1:27: unknown key 'feilds' in [[stage]] (did you mean 'fields'?)");
    // Reported in the order written, not toml++'s alphabetical order.
    CHECK(config_error("[source]\nzz = 1\naa = 2\n") == "p.toml:2:1: unknown key 'zz' in [source]");
}

TEST_CASE("config errors: wrong types, at the value") {
    CHECK(config_error(window("tumbling", "size = 60\n")) == "p.toml:4:8: 'size' must be a string");
    CHECK(config_error("[[stage]]\nop = \"key_by\"\nfields = \"user\"\n") ==
          "p.toml:3:10: 'fields' must be an array of strings");
    CHECK(config_error("[[stage]]\nop = \"key_by\"\nfields = [\"a\", 1]\n") ==
          "p.toml:3:10: 'fields' must be an array of strings");
    CHECK(config_error("[state]\nmax_size = 4096\n") == "p.toml:2:12: 'max_size' must be a string");
    CHECK(config_error("stage = 5\n") == "p.toml:1:9: 'stage' must be an array of tables");
    CHECK(config_error("[stage]\nop = \"key_by\"\n") == "p.toml:1:1: 'stage' must be an array of tables");
    CHECK(config_error("source = 5\n") == "p.toml:1:10: [source] must be a table");
    CHECK(config_error("[[stage]]\nop = 1\n") == "p.toml:2:6: 'op' must be a string");
    CHECK(config_error("[[test]]\nname = 1\n") == "p.toml:2:8: 'name' must be a string");
    CHECK(config_error(with_aggregates("x = 5\n")) == "p.toml:6:5: 'x' must be a string");
    CHECK(config_error(window("tumbling", "size = \"1m\"\naggregate = \"count()\"\n")) ==
          "p.toml:5:13: 'aggregate' must be a table");
}

TEST_CASE("config errors: bad durations, at the value") {
    std::string e = config_error(window("tumbling", "size = \"5x\"\n"));
    const std::string prefix = "p.toml:4:8: bad duration '5x' for 'size': ";
    CHECK(e.rfind(prefix, 0) == 0);
    CHECK(e.size() > prefix.size());  // parse_duration's reason follows
    CHECK(config_error("[watermark]\nmax_out_of_orderness = \"5\"\n").rfind(
              "p.toml:2:24: bad duration '5' for 'max_out_of_orderness': ", 0) == 0);
    CHECK(config_error("[watermark]\nidle_timeout = \"soon\"\n").rfind("p.toml:2:16: bad duration 'soon' for 'idle_timeout': ", 0) == 0);
    CHECK(config_error("[state]\ncheckpoint_interval = \"1x\"\n")
              .rfind("p.toml:2:23: bad duration '1x' for 'checkpoint_interval': ", 0) == 0);
}

TEST_CASE("config errors: settings that do not apply, at the key") {
    CHECK(config_error(window("tumbling", "size = \"1m\"\ngap = \"5m\"\n")) ==
          "p.toml:5:1: 'gap' does not apply to a tumbling window");
    CHECK(config_error(window("tumbling", "size = \"1m\"\nslide = \"5m\"\n")) ==
          "p.toml:5:1: 'slide' does not apply to a tumbling window");
    CHECK(config_error(window("session", "size = \"1m\"\ngap = \"5m\"\n")) ==
          "p.toml:4:1: 'size' does not apply to a session window");
    CHECK(config_error(window("session", "gap = \"5m\"\noffset = \"1s\"\n")) ==
          "p.toml:5:1: 'offset' does not apply to a session window");
    CHECK(config_error(window("sliding", "size = \"1m\"\nslide = \"10s\"\ngap = \"5m\"\n")) ==
          "p.toml:6:1: 'gap' does not apply to a sliding window");
    // A key of another stage op.
    CHECK(config_error("[[stage]]\nop = \"key_by\"\nfields = [\"u\"]\nsize = \"1m\"\n") ==
          "p.toml:4:1: 'size' does not apply to a key_by stage");
}

TEST_CASE("config errors: missing settings, at the [[stage]] header") {
    const std::string key_by = "[[stage]]\nop = \"key_by\"\nfields = [\"u\"]\n\n";  // the next header is line 5
    CHECK(config_error(key_by + "[[stage]]\nop = \"window\"\ntype = \"tumbling\"\n") == "p.toml:5:1: window stage needs 'size'");
    CHECK(config_error(key_by + "[[stage]]\nop = \"window\"\ntype = \"sliding\"\nsize = \"1m\"\n") ==
          "p.toml:5:1: sliding window needs 'slide'");
    CHECK(config_error(key_by + "[[stage]]\nop = \"window\"\ntype = \"session\"\n") == "p.toml:5:1: session window needs 'gap'");
    CHECK(config_error(key_by + "[[stage]]\nfields = [\"u\"]\n") == "p.toml:5:1: stage needs 'op'");
    CHECK(config_error(key_by + "[[stage]]\nop = \"key_by\"\n") == "p.toml:5:1: key_by needs 'fields'");
    CHECK(config_error(key_by + "[[stage]]\nop = \"window\"\nsize = \"1m\"\n") == "p.toml:5:1: window stage needs 'type'");
    CHECK(config_error("[[test]]\nname = \"x\"\n") == "p.toml:1:1: test needs 'input' or 'input_file'");
}

TEST_CASE("config errors: sizes, slides and gaps must be positive") {
    CHECK(config_error(window("tumbling", "size = \"0s\"\n")) == "p.toml:4:8: 'size' must be positive");
    CHECK(config_error(window("tumbling", "size = \"-1m\"\n")) == "p.toml:4:8: 'size' must be positive");
    CHECK(config_error(window("sliding", "size = \"1m\"\nslide = \"-10s\"\n")) == "p.toml:5:9: 'slide' must be positive");
    CHECK(config_error(window("session", "gap = \"0s\"\n")) == "p.toml:4:7: 'gap' must be positive");
    CHECK(config_error("[watermark]\nallowed_lateness = \"-1s\"\n") == "p.toml:2:20: 'allowed_lateness' must not be negative");
}

TEST_CASE("config errors: stage ops") {
    CHECK(config_error("[[stage]]\nop = \"windw\"\n") == "p.toml:2:6: unknown stage op 'windw' (did you mean 'window'?)");
    CHECK(config_error("[[stage]]\nop = \"explode\"\n") == "p.toml:2:6: unknown stage op 'explode'");
    CHECK(config_error("[[stage]]\nop = \"filter\"\n") == "p.toml:1:1: filter stage needs 'where'");
    CHECK(config_error("[[stage]]\nop = \"select\"\n") ==
          "p.toml:1:1: select needs 'fields' (a list of paths or a table of name = path)");
    CHECK(config_error("[[stage]]\nop = \"filter\"\nwhere = 'a >= '\n") ==
          "p.toml:3:15: expected a value after '>=' in 'where'");
    // Positions inside a basic string count its escapes as written.
    CHECK(config_error("[[stage]]\nop = \"filter\"\nwhere = \"a == \\\"\\u00e9\\\" && == 1\"\n") ==
          "p.toml:3:29: expected a value after '&&' in 'where'");
    CHECK(config_error("[[stage]]\nop = \"filter\"\nwhere = \"\"\"\na == 1 &&\n  b ==\n\"\"\"\n") ==
          "p.toml:6:1: expected a value after '==' in 'where'");
    CHECK(config_error("[[stage]]\nop = \"select\"\nfields = [\"a\", \"a.b\"]\n") ==
          "p.toml:3:16: 'a.b' lies inside 'a', which is selected as a whole");
    CHECK(config_error("[[stage]]\nop = \"select\"\nfields = []\n") == "p.toml:3:10: 'fields' must not be empty");
    CHECK(config_error("[[stage]]\nop = \"filter\"\nwhere = 'a'\nfields = [\"x\"]\n") ==
          "p.toml:4:1: 'fields' does not apply to a filter stage");
    CHECK(config_error(window("tumble", "size = \"1m\"\n")) == "p.toml:3:8: window type must be tumbling, sliding or session");
    CHECK(config_error(window("session", "gap = \"30m\"\n")) == "(no error)");
}

TEST_CASE("config errors: session windows, dedup and sessionize") {
    CHECK(config_error(window("session", "")) == "p.toml:1:1: session window needs 'gap'");
    CHECK(config_error(window("session", "gap = \"1m\"\nsize = \"1m\"\n")) ==
          "p.toml:5:1: 'size' does not apply to a session window");
    CHECK(config_error(window("session", "offset = \"1s\"\ngap = \"1m\"\n")) ==
          "p.toml:4:1: 'offset' does not apply to a session window");
    // Rule 11: without fields, dedup's identity is the key, so a key_by must come first.
    CHECK(config_error("[[stage]]\nop = \"dedup\"\nwithin = \"1h\"\n") ==
          "p.toml:1:1: dedup without 'fields' deduplicates by the current key, so it needs a key_by before it");
    CHECK(config_error("[[stage]]\nop = \"key_by\"\nfields = [\"u\"]\n[[stage]]\nop = \"dedup\"\nwithin = \"1h\"\n") ==
          "(no error)");
    CHECK(config_error("[[stage]]\nop = \"dedup\"\nfields = [\"id\"]\n") ==
          "p.toml:1:1: dedup stage needs 'within' (a duration, or \"forever\")");
    CHECK(config_error("[[stage]]\nop = \"dedup\"\nfields = [\"id\"]\nwithin = \"0s\"\n") ==
          "p.toml:4:10: 'within' must be positive");
    CHECK(config_error("[[stage]]\nop = \"dedup\"\nfields = [\"id\"]\nwithin = \"forever\"\n") == "(no error)");
    CHECK(config_error("[[stage]]\nop = \"dedup\"\nfields = []\nwithin = \"1h\"\n") ==
          "p.toml:3:10: 'fields' must not be empty (leave it out to deduplicate by the key)");
    CHECK(config_error("[[stage]]\nop = \"dedup\"\nfields = [\"id\", \"*\"]\nwithin = \"1h\"\n") ==
          "p.toml:3:17: \"*\" (the whole record) must be the only entry of 'fields'");
    CHECK(config_error("[[stage]]\nop = \"dedup\"\nfields = [\"id\"]\nwithin = \"1h\"\ngap = \"1m\"\n") ==
          "p.toml:5:1: 'gap' does not apply to a dedup stage");
    CHECK(config_error("[[stage]]\nop = \"sessionize\"\n") == "p.toml:1:1: sessionize stage needs 'gap'");
    CHECK(config_error("[[stage]]\nop = \"sessionize\"\ngap = \"0s\"\n") == "p.toml:3:7: 'gap' must be positive");
    CHECK(config_error("[[stage]]\nop = \"sessionize\"\ngap = \"1m\"\nmax_duration = \"0s\"\n") ==
          "p.toml:4:16: 'max_duration' must be positive");
    CHECK(config_error("[[stage]]\nop = \"sessionize\"\ngap = \"1m\"\nid_field = \"\"\n") ==
          "p.toml:4:12: 'id_field' must not be empty");
    CHECK(config_error("[[stage]]\nop = \"sessionize\"\ngap = \"1m\"\nseq_field = \"session_id\"\n") ==
          "p.toml:4:13: 'seq_field' and 'id_field' must differ");
    CHECK(config_error("[[stage]]\nop = \"sessionize\"\ngap = \"1m\"\nsize = \"1m\"\n") ==
          "p.toml:4:1: 'size' does not apply to a sessionize stage");
}

TEST_CASE("config errors: aggregates, at the value") {
    CHECK(config_error(with_aggregates("x = \"summ(bytes)\"\n")) == "p.toml:6:5: unknown aggregate 'summ' (did you mean 'sum'?)");
    CHECK(config_error(with_aggregates("x = \"quantile(latency_ms, 0.95)\"\n")) == "(no error)");
    CHECK(config_error(with_aggregates("x = \"top_k(url, 1001)\"\n")) ==
          "p.toml:6:5: 'top_k' needs an integer from 1 to 1000 as its second argument");
    CHECK(config_error(with_aggregates("x = \"count(a)\"\n")) == "p.toml:6:5: 'count' takes no argument");
    CHECK(config_error(with_aggregates("x = \"sum()\"\n")) == "p.toml:6:5: 'sum' takes 1 argument");
    CHECK(config_error(with_aggregates("x = \"quantile(a)\"\n")) == "p.toml:6:5: 'quantile' takes 2 arguments");
    CHECK(config_error(with_aggregates("x = \"sum(bytes\"\n")) == "p.toml:6:5: cannot parse aggregate 'sum(bytes'");
    CHECK(config_error(with_aggregates("x = \"quantile(a, 2)\"\n")) == "p.toml:6:5: quantile must be in [0, 1]");
    CHECK(config_error(with_aggregates("x = \"top_k(a, 0)\"\n")) == "p.toml:6:5: 'top_k' needs an integer from 1 to 1000 as its second argument");
    CHECK(config_error(with_aggregates("x = \"sum(a..b)\"\n")) == "p.toml:6:5: bad field path 'a..b': empty name");
    // The second aggregate is on line 7.
    CHECK(config_error(with_aggregates("n = \"count()\"\nx = \"avgg(a)\"\n")) ==
          "p.toml:7:5: unknown aggregate 'avgg' (did you mean 'avg'?)");
}

TEST_CASE("config errors: output names must be unique (rule 10), at the aggregate's key") {
    const std::string key_then_window =
        "[[stage]]\n"          // 1
        "op = \"key_by\"\n"    // 2
        "fields = [\"user\", \"geo.country\"]\n"  // 3
        "[[stage]]\n"          // 4
        "op = \"window\"\n"    // 5
        "type = \"tumbling\"\n"  // 6
        "size = \"1m\"\n"      // 7
        "[stage.aggregate]\n"  // 8
        "events = \"count()\"\n";  // 9
    CHECK(config_error(key_then_window + "user = \"count()\"\n") == "p.toml:10:1: output name 'user' is already used by a key field");
    CHECK(config_error(key_then_window + "\"geo.country\" = \"count()\"\n") ==
          "p.toml:10:1: output name 'geo.country' is already used by a key field");
    CHECK(config_error(with_aggregates("window_start = \"count()\"\n")) == "p.toml:6:1: output name 'window_start' is reserved");
    CHECK(config_error(with_aggregates("n = \"count()\"\nwindow_end = \"count()\"\n")) ==
          "p.toml:7:1: output name 'window_end' is reserved");
    CHECK(config_error(with_aggregates("revision = \"count()\"\n")) == "p.toml:6:1: output name 'revision' is reserved");
    CHECK(config_error(with_aggregates("\"\" = \"count()\"\n")) == "p.toml:6:1: output name must not be empty");
    CHECK(config_error("[[stage]]\nop = \"key_by\"\nfields = [\"user\", \"user\"]\n") ==
          "p.toml:3:19: key field 'user' is listed twice");
    CHECK(config_error("[[stage]]\nop = \"key_by\"\nfields = []\n") == "p.toml:3:10: 'fields' must not be empty");
    CHECK(config_error("[[stage]]\nop = \"key_by\"\nfields = [\"a..b\"]\n") ==
          "p.toml:3:11: bad field path 'a..b' for 'fields': empty name");
}

TEST_CASE("config errors: enumerations, at the value") {
    CHECK(config_error("[source]\ntime_format = \"epoch\"\n") ==
          "p.toml:2:15: time_format must be auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or a strftime pattern");
    CHECK(config_error("[source]\non_invalid = \"ignore\"\n") == "p.toml:2:14: on_invalid must be skip, fail or dead_letter");
    CHECK(config_error("[watermark]\nlate_events = \"keep\"\n") == "p.toml:2:15: late_events must be drop or side_output");
    CHECK(config_error("[output]\ntime_format = \"auto\"\n") ==
          "p.toml:2:15: [output] time_format must be rfc3339, epoch_s, epoch_ms, epoch_us or epoch_ns");
    CHECK(config_error("[output]\ntime_format = \"%Y\"\n") ==
          "p.toml:2:15: [output] time_format must be rfc3339, epoch_s, epoch_ms, epoch_us or epoch_ns");
    CHECK(config_error("[source]\ntimezone = \"Mars/Base\"\n") == "p.toml:2:12: unknown time zone 'Mars/Base'");
    CHECK(config_error("[source]\ntimezone = \"localtime\"\n") == "p.toml:2:12: unknown time zone 'localtime'");
    CHECK(config_error("[source]\ntime_field = \"a..b\"\n") == "p.toml:2:14: bad field path 'a..b' for 'time_field': empty name");
}

TEST_CASE("config errors: a policy that needs a file, at the policy's value") {
    CHECK(config_error("[source]\non_invalid = \"dead_letter\"\n") == "p.toml:2:14: on_invalid = \"dead_letter\" needs 'dead_letter'");
    CHECK(config_error("[watermark]\nlate_events = \"side_output\"\n") ==
          "p.toml:2:15: late_events = \"side_output\" needs 'late_output'");
}

TEST_CASE("config errors: a window with allowed_lateness feeding another window, at the later header") {
    const std::string two_windows =
        "[[stage]]\n"            // 3
        "op = \"window\"\n"      // 4
        "type = \"tumbling\"\n"  // 5
        "size = \"1m\"\n"        // 6
        "[[stage]]\n"            // 7
        "op = \"key_by\"\n"      // 8
        "fields = [\"k\"]\n"     // 9
        "[[stage]]\n"            // 10
        "op = \"window\"\n"      // 11
        "type = \"sliding\"\n"   // 12
        "size = \"1h\"\n"        // 13
        "slide = \"1m\"\n";      // 14
    CHECK(config_error("[watermark]\nallowed_lateness = \"1m\"\n" + two_windows) ==
          "p.toml:10:1: a window with allowed_lateness cannot feed another window stage (its revisions would be counted twice)");
    CHECK(config_error("[watermark]\nallowed_lateness = \"0s\"\n" + two_windows) == "(no error)");
}

TEST_CASE("config errors: a window with allowed_lateness feeding dedup or sessionize; sessionize feeding a window is fine") {
    const std::string lateness = "[watermark]\nallowed_lateness = \"1m\"\n";
    const std::string tumbling = "[[stage]]\nop = \"window\"\ntype = \"tumbling\"\nsize = \"1m\"\n";  // lines 3-6
    CHECK(config_error(lateness + tumbling + "[[stage]]\nop = \"dedup\"\nfields = [\"n\"]\nwithin = \"1h\"\n") ==
          "p.toml:7:1: a window with allowed_lateness cannot feed a dedup stage (its revisions would be counted twice)");
    CHECK(config_error(lateness + tumbling + "[[stage]]\nop = \"sessionize\"\ngap = \"1m\"\n") ==
          "p.toml:7:1: a window with allowed_lateness cannot feed a sessionize stage (its revisions would be counted twice)");
    CHECK(config_error(lateness + "[[stage]]\nop = \"sessionize\"\ngap = \"1m\"\n" + tumbling) == "(no error)");
    CHECK(config_error(lateness + "[[stage]]\nop = \"dedup\"\nfields = [\"n\"]\nwithin = \"1h\"\n" + tumbling) ==
          "(no error)");
}

TEST_CASE("config errors: [state] sizes") {
    CHECK(config_error("[state]\nmax_size = \"4XB\"\n") == "p.toml:2:12: bad size '4XB' for 'max_size'");
    CHECK(config_error("[state]\nmax_size = \"0B\"\n") == "p.toml:2:12: 'max_size' must be positive");
    CHECK(config_error("[state]\ncheckpoint_interval = \"0s\"\n") == "p.toml:2:23: 'checkpoint_interval' must be positive");
}

TEST_CASE("config errors: [[test]] inputs") {
    CHECK(config_error("[[test]]\ninput = \"\"\ninput_file = \"x\"\n") == "p.toml:3:1: 'input_file' cannot be used with 'input'");
    CHECK(config_error("[[test]]\ninput = \"\"\nexpected_file = \"x\"\nexpected = \"\"\n") ==
          "p.toml:4:1: 'expected' cannot be used with 'expected_file'");
}
