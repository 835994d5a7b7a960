// Unit tests for config/plan_printer: the lines `eddy check` prints, written out by hand
// for a few plans.
#include <doctest/doctest.h>

#include "config/plan_loader.hpp"
#include "config/plan_printer.hpp"

using namespace eddy;

TEST_CASE("plan_printer: the clicks example") {
    Plan p = parse_plan(
        "[watermark]\n"
        "max_out_of_orderness = \"5s\"\n"
        "max_future = \"1h\"\n"
        "[[stage]]\n"
        "op = \"key_by\"\n"
        "fields = [\"user\"]\n"
        "[[stage]]\n"
        "op = \"window\"\n"
        "type = \"tumbling\"\n"
        "size = \"1m\"\n"
        "[stage.aggregate]\n"
        "events = \"count()\"\n"
        "bytes = \"sum(bytes)\"\n",
        "examples/clicks.toml");
    CHECK(describe_plan(p) ==
          "pipeline examples/clicks.toml\n"
          "source: time ts (auto, UTC), on_invalid skip\n"
          "watermark: max_out_of_orderness 5s, allowed_lateness 0s, late events dropped, max_future 1h\n"
          "stage 1: key_by user\n"
          "stage 2: window tumbling 1m (offset 0s): events = count(), bytes = sum(bytes)\n"
          "state: in memory (drained at end of input)\n");
}

TEST_CASE("plan_printer: every setting shown, warnings last") {
    Plan p = parse_plan(
        "[source]\n"
        "time_field = \"/http/ts\"\n"
        "time_format = \"%d/%b/%Y:%H:%M:%S %z\"\n"
        "timezone = \"Europe/Berlin\"\n"
        "on_invalid = \"dead_letter\"\n"
        "dead_letter = \"rejected.ndjson\"\n"
        "[watermark]\n"
        "max_out_of_orderness = \"90s\"\n"
        "allowed_lateness = \"1h30m\"\n"
        "late_events = \"side_output\"\n"
        "late_output = \"late.ndjson\"\n"
        "idle_timeout = \"10m\"\n"
        "max_future = \"1d\"\n"
        "[state]\n"
        "dir = \"/var/lib/eddy\"\n"
        "[output]\n"
        "time_format = \"epoch_ms\"\n"
        "[[stage]]\n"
        "op = \"key_by\"\n"
        "fields = [\"user\", \"geo.country\"]\n"
        "[[stage]]\n"
        "op = \"window\"\n"
        "type = \"sliding\"\n"
        "size = \"1m\"\n"
        "slide = \"2m\"\n"
        "offset = \"-30s\"\n"
        "[stage.aggregate]\n"
        "n = \"count_distinct(/user/id)\"\n"
        "[[test]]\n"
        "input = \"\"\n",
        "p.toml");
    CHECK(describe_plan(p) ==
          "pipeline p.toml\n"
          "source: time /http/ts (strftime '%d/%b/%Y:%H:%M:%S %z', Europe/Berlin), on_invalid dead_letter to rejected.ndjson\n"
          "watermark: max_out_of_orderness 1m30s, allowed_lateness 1h30m, late events to late.ndjson, "
          "idle_timeout 10m, max_future 1d\n"
          "stage 1: key_by user, geo.country\n"
          "stage 2: window sliding 1m every 2m (offset 1m30s): n = count_distinct(/user/id)\n"
          "state: /var/lib/eddy (max_size 4GiB, checkpoint every 10s, at most 1000000 keys in memory)\n"
          "output: window bounds as epoch_ms\n"
          "tests: 1\n"
          "warning: stage 2: slide 2m is larger than size 1m: events between windows belong to none\n");
}

TEST_CASE("plan_printer: no stages") {
    Plan p = parse_plan("", "p.toml");
    CHECK(describe_plan(p) ==
          "pipeline p.toml\n"
          "source: time ts (auto, UTC), on_invalid skip\n"
          "watermark: max_out_of_orderness 0s, allowed_lateness 0s, late events dropped\n"
          "stages: none (valid records pass through)\n"
          "state: in memory (drained at end of input)\n");
}
