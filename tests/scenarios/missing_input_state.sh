# A missing input with a state dir (SPEC §1 exit 66, issue 7): every input is opened before the
# first line is processed, so `eddy run p.toml a.ndjson missing.ndjson --state st -o out.ndjson`
# exits 66 with "eddy: missing.ndjson: No such file or directory" and changes nothing: stdout
# empty, the -o file byte-identical, the state dir's files (but its lock) byte-identical, the
# dump unchanged, a.ndjson's cursor not moved (the next good run reads the new lines of a.ndjson
# once). The same with the missing file first, with --drain, and with --reset-state (the reset is
# not done either). About 2 s.
source "$(dirname "$0")/lib.bash"
python3 - <<'PY'
import random
random.seed(31)
out = []
for i in range(4000):
    out.append('{"ts":%d,"user":"u%d","bytes":%d}\n' % (1714557600000 + i * 100 - random.randint(0, 2000), i % 7, random.randint(1, 99)))
open('part1.ndjson', 'w').write(''.join(out[:2500]))
open('part2.ndjson', 'w').write(''.join(out[2500:]))
open('whole.ndjson', 'w').write(''.join(out))
PY
[ -s whole.ndjson ] || fail "input generation failed"
cat > p.toml <<'TOML'
[watermark]
max_out_of_orderness = "5s"
[[stage]]
op = "key_by"
fields = ["user"]
[[stage]]
op = "window"
type = "tumbling"
size = "1m"
[stage.aggregate]
events = "count()"
bytes = "sum(bytes)"
TOML
"$EDDY" run p.toml whole.ndjson -o clean.ndjson 2>/dev/null || fail "clean run"
snapshot() {  # the state dir's files but locks, and the dump
  (cd st && find . -type f ! -iname '*lock*' -print0 | sort -z | xargs -0 sha256sum)
  "$EDDY" state dump --state st 2>&1
}

cp part1.ndjson a.ndjson
"$EDDY" run p.toml a.ndjson --state st -o out.ndjson 2> err.txt || fail "first run: $(head -c 300 err.txt)"
[ -s out.ndjson ] || fail "first run wrote no rows"
cp out.ndjson out.before
snapshot > state.before
cat part2.ndjson >> a.ndjson
for args in "a.ndjson missing.ndjson" "missing.ndjson a.ndjson" "a.ndjson missing.ndjson --drain" "a.ndjson missing.ndjson --reset-state"; do
  "$EDDY" run p.toml $args --state st -o out.ndjson > stdout.txt 2> stderr.txt; code=$?
  [ "$code" = 66 ] || fail "$args: exit $code, expected 66: $(head -c 300 stderr.txt)"
  grep -qx 'eddy: missing.ndjson: No such file or directory' stderr.txt || fail "$args: message: $(cat stderr.txt)"
  [ ! -s stdout.txt ] || fail "$args: wrote to stdout: $(head -c 300 stdout.txt)"
  cmp -s out.ndjson out.before || fail "$args: the -o file changed ($(wc -c < out.before) -> $(wc -c < out.ndjson) bytes)"
  snapshot > state.after
  cmp -s state.before state.after || fail "$args: the state changed (files and dump: $(wc -l < state.before) lines before, $(wc -l < state.after) after): $(diff state.before state.after | head -4 | cut -c1-160)"
done
# Without stdout's -o: the same.
expect_exit 66 "$EDDY" run p.toml a.ndjson missing.ndjson --state st
snapshot > state.after
cmp -s state.before state.after || fail "stdout run: the state changed"
# The cursor did not move: the next good run reads part 2 once.
"$EDDY" run p.toml a.ndjson --state st -o out.ndjson --drain 2> err.txt || fail "good run: $(head -c 300 err.txt)"
same_file out.ndjson clean.ndjson
exit 0
