# Signals with a state dir (SPEC §1, §6, rule 30): SIGTERM, SIGINT and SIGHUP in the middle of a
# run over a big file stop it with 143, 130 and 129 after a checkpoint; a rerun with --drain
# continues where it stopped, so the two runs' stdout together (or the -o file, for SIGINT) equal
# one clean run's, with nothing lost and nothing repeated (checkpoint_interval is left at 10s, so
# the only checkpoint before the signal is the one the signal makes). Then SIGTERM while the run
# waits on an idle stdin pipe: exit 143, and a second run fed the rest of the input on stdin
# continues it. About 10 s.
source "$(dirname "$0")/lib.bash"
python3 - <<'PY'
import random
random.seed(3)
t, out = 1714557600000, []
for i in range(700000):
    t += random.randint(0, 20)
    out.append('{"ts":%d,"user":"u%d","bytes":%d}\n' % (t - random.randint(0, 3000), random.randint(0, 499), random.randint(1, 999)))
open('in.ndjson', 'w').write(''.join(out))
open('head.ndjson', 'w').write(''.join(out[:2000]))
open('tail.ndjson', 'w').write(''.join(out[2000:6000]))
open('small.ndjson', 'w').write(''.join(out[:6000]))
PY
[ -s in.ndjson ] || fail "input generation failed"
cat > p.toml <<'TOML'
[watermark]
max_out_of_orderness = "5s"
[[stage]]
op = "key_by"
fields = ["user"]
[[stage]]
op = "window"
type = "tumbling"
size = "10s"
[stage.aggregate]
events = "count()"
bytes = "sum(bytes)"
first = "first(bytes)"
TOML
"$EDDY" run p.toml in.ndjson > clean.ndjson 2>/dev/null || fail "clean run"
"$EDDY" run p.toml small.ndjson > clean_small.ndjson 2>/dev/null || fail "clean run (small)"

for sig in TERM:143:stdout INT:130:file HUP:129:stdout; do
  IFS=: read -r name want out <<< "$sig"
  rm -rf st out.ndjson
  if [ "$out" = file ]; then
    "$EDDY" run p.toml in.ndjson --state st -o out.ndjson > run1.out 2> run1.err &
  else
    "$EDDY" run p.toml in.ndjson --state st > run1.out 2> run1.err &
  fi
  pid=$!
  sleep 0.15
  kill -0 $pid 2>/dev/null || { wait $pid; fail "SIG$name: the run ended (exit $?) before the signal: the input is too small for this machine"; }
  kill -$name $pid
  for _ in $(seq 200); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
  kill -0 $pid 2>/dev/null && { kill -9 $pid; fail "SIG$name: still running 10 s after the signal"; }
  wait $pid; code=$?
  [ "$code" = "$want" ] || fail "SIG$name: exit $code, expected $want: $(head -c 300 run1.err)"
  grep -q 'internal error' run1.err && fail "SIG$name: $(cat run1.err)"
  if [ "$out" = file ]; then
    [ ! -s run1.out ] || fail "SIG$name: rows on stdout with -o"
    "$EDDY" run p.toml in.ndjson --state st -o out.ndjson --drain > /dev/null 2> run2.err || fail "SIG$name: rerun exited $?: $(head -c 300 run2.err)"
    same_file out.ndjson clean.ndjson
  else
    "$EDDY" run p.toml in.ndjson --state st --drain > run2.out 2> run2.err || fail "SIG$name: rerun exited $?: $(head -c 300 run2.err)"
    [ -s run2.out ] || fail "SIG$name: the rerun wrote nothing (did the first run drain?)"
    cat run1.out run2.out > both.out
    cmp -s both.out clean.ndjson || fail "SIG$name: the two runs' stdout ($(wc -l < run1.out) + $(wc -l < run2.out) lines) differs from one clean run ($(wc -l < clean.ndjson) lines): $(cmp both.out clean.ndjson 2>&1 | head -1)"
  fi
done

# SIGTERM while waiting on an idle pipe: what came in is checkpointed, stdin continues next run.
rm -rf st in.fifo; mkfifo in.fifo
"$EDDY" run p.toml --state st < in.fifo > run1.out 2> run1.err &
pid=$!
exec 3> in.fifo
cat head.ndjson >&3
sleep 1
kill -0 $pid 2>/dev/null || fail "idle pipe: eddy ended before end of input: $(head -c 300 run1.err)"
kill -TERM $pid
for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
kill -0 $pid 2>/dev/null && { kill -9 $pid; fail "idle pipe: still running 5 s after SIGTERM"; }
wait $pid; code=$?
exec 3>&-
[ "$code" = 143 ] || fail "idle pipe: exit $code, expected 143: $(head -c 300 run1.err)"
[ -s run1.out ] || fail "idle pipe: no rows fired before the signal"
"$EDDY" run p.toml --state st --drain < tail.ndjson > run2.out 2> run2.err || fail "idle pipe: rerun exited $?: $(head -c 300 run2.err)"
cat run1.out run2.out > both.out
cmp -s both.out clean_small.ndjson || fail "idle pipe: the two runs ($(wc -l < run1.out) + $(wc -l < run2.out) lines) differ from one clean run ($(wc -l < clean_small.ndjson) lines)"
exit 0
