# [state] keys_in_memory: after a checkpoint, a run holding more keys drops its in-memory state
# and reads back from LMDB what it needs. With checkpoints every millisecond and at most two
# keys kept, every stateful stage must still give exactly a run without a state dir.
source "$(dirname "$0")/lib.bash"
write_input
for stage in 'op = "window"
type = "session"
gap = "20s"
[stage.aggregate]
n = "count()"
b = "sum(bytes)"' 'op = "sessionize"
gap = "20s"
max_duration = "1m"' 'op = "dedup"
fields = ["bytes"]
within = "2m"' 'op = "window"
type = "sliding"
size = "2m"
slide = "30s"
[stage.aggregate]
n = "count()"
first_b = "first(bytes)"'; do
  printf '[watermark]\nmax_out_of_orderness = "3s"\n[[stage]]\nop = "key_by"\nfields = ["user"]\n[[stage]]\n%s\n' "$stage" > p.toml
  "$EDDY" run p.toml in.ndjson > want.ndjson 2>/dev/null || fail "plain run of: $stage"
  printf '[state]\ncheckpoint_interval = "1ms"\nkeys_in_memory = 2\n' > s.toml
  cat p.toml >> s.toml
  rm -rf st
  head -c 40000 in.ndjson > grow.ndjson
  "$EDDY" run s.toml grow.ndjson --state st > got.ndjson 2>/dev/null || fail "first run of: $stage"
  cp in.ndjson grow.ndjson
  "$EDDY" run s.toml grow.ndjson --state st --drain --stats >> got.ndjson 2>stats.txt || fail "second run of: $stage"
  grep -q '"checkpoints":[1-9]' stats.txt || fail "no checkpoint during the run: $(cat stats.txt)"
  same_file want.ndjson got.ndjson
done
