# A changed pipeline (SPEC §6): when the stateful stages no longer match the fingerprint stored
# in the state dir, eddy exits 78 with one line "... state was written by a different pipeline;
# use --reset-state" before writing anything (stdout empty, -o file and state unchanged: the old
# pipeline still continues afterwards). Changes that leave the stateful stages alone (comments,
# layout, another file name, a filter's expression) are accepted. `--reset-state` with the new pipeline starts over: its
# output equals a clean run of the new pipeline over the whole file. About 2 s.
source "$(dirname "$0")/lib.bash"
python3 - <<'PY'
import random
random.seed(5)
t, out = 1714557600000, []
for i in range(6000):
    t += random.randint(0, 200)
    out.append('{"ts":%d,"user":"u%d","bytes":%d}\n' % (t - random.randint(0, 2000), random.randint(0, 9), random.randint(1, 999)))
open('part1.ndjson', 'w').write(''.join(out[:3000]))
open('part2.ndjson', 'w').write(''.join(out[3000:]))
open('whole.ndjson', 'w').write(''.join(out))
PY
[ -s part2.ndjson ] || fail "input generation failed"
cat > p1.toml <<'TOML'
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
sed 's/size = "1m"/size = "2m"/' p1.toml > size.toml
printf 'top = "max(bytes)"\n' | cat p1.toml - > agg.toml
sed 's/fields = \["user"\]/fields = ["user", "region"]/' p1.toml > key.toml
{ echo '# the same pipeline, reformatted'; sed 's/ = /   =   /; s/^\[\[stage\]\]$/\n[[stage]]   # a stage/' p1.toml; } > same.toml
cmp -s size.toml p1.toml || cmp -s agg.toml p1.toml || cmp -s key.toml p1.toml || cmp -s same.toml p1.toml && fail "test setup: sed changed nothing"

cp part1.ndjson in.ndjson
"$EDDY" run p1.toml in.ndjson --state st -o out.ndjson 2> err.txt || fail "first run: $(head -c 300 err.txt)"
[ -s out.ndjson ] || fail "first run wrote no rows"
cp out.ndjson out.before
cat part2.ndjson >> in.ndjson
for changed in size agg key; do
  "$EDDY" run $changed.toml in.ndjson --state st -o out.ndjson > stdout.txt 2> stderr.txt; code=$?
  [ "$code" = 78 ] || fail "$changed.toml: exit $code, expected 78: $(head -c 300 stderr.txt)"
  [ "$(wc -l < stderr.txt)" = 1 ] || fail "$changed.toml: message is not one line: $(head -c 300 stderr.txt)"
  grep -q '^eddy: .*state was written by a different pipeline; use --reset-state' stderr.txt ||
    fail "$changed.toml: message: $(cat stderr.txt)"
  [ ! -s stdout.txt ] || fail "$changed.toml: wrote to stdout before refusing"
  same_file out.ndjson out.before
  # --drain does not get past the check either.
  expect_exit 78 "$EDDY" run $changed.toml in.ndjson --state st --drain
done
# The same stateful stages in another file and layout: accepted, and it continues the state.
"$EDDY" run same.toml in.ndjson --state st -o out.ndjson --drain 2> err.txt || fail "a reformatted pipeline was refused: $(head -c 300 err.txt)"
"$EDDY" run p1.toml whole.ndjson -o clean1.ndjson 2>/dev/null || fail "clean run of p1"
same_file out.ndjson clean1.ndjson

# --reset-state: the new pipeline starts over, reading in.ndjson from its start.
"$EDDY" run size.toml in.ndjson --state st --reset-state --drain > reset.ndjson 2> err.txt || fail "--reset-state: exit $?: $(head -c 300 err.txt)"
"$EDDY" run size.toml whole.ndjson > clean2.ndjson 2>/dev/null || fail "clean run of size.toml"
same_file reset.ndjson clean2.ndjson
# Now the state belongs to size.toml: p1 is the different one.
expect_exit 78 "$EDDY" run p1.toml in.ndjson --state st
grep -q 'state was written by a different pipeline; use --reset-state' stderr.txt || fail "after reset: $(cat stderr.txt)"
"$EDDY" run size.toml in.ndjson --state st > again.ndjson 2> err.txt || fail "size.toml after its reset: $(head -c 300 err.txt)"
[ ! -s again.ndjson ] || fail "after a drained run over the whole file, a rerun wrote rows: $(head -c 300 again.ndjson)"
# A filter holds no state: changing its expression keeps the state, adding one is a new layout.
printf '[[stage]]\nop = "filter"\nwhere = "bytes > 100"\n' > f_head.toml
{ sed -n '1,2p' p1.toml; cat f_head.toml; sed -n '3,$p' p1.toml; } > f1.toml
sed 's/bytes > 100/bytes > 500/' f1.toml > f2.toml
head -n 3000 part1.ndjson > fin.ndjson
"$EDDY" run f1.toml fin.ndjson --state fst > /dev/null 2> err.txt || fail "filter pipeline: $(head -c 300 err.txt)"
"$EDDY" run f2.toml fin.ndjson --state fst > /dev/null 2> err.txt || fail "a changed filter expression was refused: $(head -c 300 err.txt)"
expect_exit 78 "$EDDY" run p1.toml fin.ndjson --state fst
exit 0
