# One run at a time per state dir (SPEC §6, issue 7):
# 1. While a run holds the state dir (it waits on a fifo for more input), a second run exits 75
#    with a one-line message naming the holder's pid, touches nothing, and the result is that of
#    the first run alone; `eddy state reset` is refused the same way.
# 2. With --wait the second run waits until the first ends, then runs: the result equals the two
#    inputs processed in sequence.
# 3. Two identical runs started together on one big input: one exits 0, the other 75 (or, had the
#    first already finished, 0 reading nothing new): the output file is that of exactly one run.
# 4. Two runs with --wait started together on different inputs: both exit 0 and the result equals
#    the inputs processed in one order or the other.
# 5. A lock left by a run killed with -9 is taken over: the next run exits 0.
# About 10-20 s.
source "$(dirname "$0")/lib.bash"
python3 - <<'PY'
import random
random.seed(11)
def gen(name, n, t0, users):
    t, out = t0, []
    for i in range(n):
        t += random.randint(0, 30)
        ts = t - (random.randint(0, 3000) if random.random() < 0.2 else 0)
        out.append('{"ts":%d,"user":"u%d","bytes":%d}\n' % (ts, random.randint(0, users - 1), random.randint(1, 999)))
    open(name, 'w').write(''.join(out))
gen('a.ndjson', 3000, 1714557600000, 20)          # 10:00-10:01:30
gen('b.ndjson', 3000, 1714557690000, 20)          # right after a
gen('big.ndjson', 300000, 1714560000000, 3000)    # about 0.3-1 s of work
PY
[ -s big.ndjson ] || fail "input generation failed"
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
TOML

# ref_seq OUT INPUT...: each INPUT in its own run, in this order, on a fresh state dir, then a drain.
ref_seq() {
  local out=$1 f; shift
  rm -rf ref_st
  for f in "$@"; do
    "$EDDY" run p.toml "$f" --state ref_st -o "$out" 2>/dev/null || fail "reference run on $f failed"
  done
  "$EDDY" run p.toml --state ref_st -o "$out" --drain < /dev/null 2>/dev/null || fail "reference drain failed"
}
ref_seq ref_a.ndjson a.ndjson
ref_seq ref_ab.ndjson a.ndjson b.ndjson
ref_seq ref_ba.ndjson b.ndjson a.ndjson
ref_seq ref_big.ndjson big.ndjson
cmp -s ref_ab.ndjson ref_ba.ndjson && fail "test data: the order of a and b should matter"

# hold DIR OUT: a run that reads a.ndjson and then waits on hold.fifo, holding DIR; sets holder.
hold() {
  rm -f hold.fifo && mkfifo hold.fifo
  "$EDDY" run p.toml a.ndjson - --state "$1" -o "$2" < hold.fifo 2> holder.err &
  holder=$!
  exec 3> hold.fifo
  for _ in $(seq 100); do [ -e "$1" ] && break; sleep 0.05; done
  sleep 0.5
  kill -0 "$holder" 2>/dev/null || fail "the holding run ended early: $(head -c 300 holder.err)"
}
release() {  # release: end the holder's input; it must finish with 0
  exec 3>&-
  wait "$holder"; local code=$?
  [ "$code" = 0 ] || fail "the holding run exited $code: $(head -c 300 holder.err)"
}

# 1. Locked: exit 75 naming the holder's pid.
hold st1 out1.ndjson
expect_exit 75 "$EDDY" run p.toml b.ndjson --state st1 -o out1.ndjson
[ "$(wc -l < stderr.txt)" = 1 ] || fail "the 75 message is not one line: $(head -c 300 stderr.txt)"
grep -q '^eddy: ' stderr.txt || fail "the 75 message lacks the eddy: prefix: $(cat stderr.txt)"
grep -qw "$holder" stderr.txt || fail "the 75 message does not name the holder's pid $holder: $(cat stderr.txt)"
expect_exit 75 "$EDDY" run p.toml b.ndjson --state st1 -o other.ndjson --drain
[ ! -e other.ndjson ] || fail "a refused run created its -o file"
expect_exit 75 "$EDDY" state reset --state st1
grep -qw "$holder" stderr.txt || fail "state reset while locked: message does not name pid $holder: $(cat stderr.txt)"
release
"$EDDY" run p.toml --state st1 -o out1.ndjson --drain < /dev/null 2> err.txt || fail "drain after the holder: $(head -c 300 err.txt)"
same_file out1.ndjson ref_a.ndjson

# 2. --wait: waits for the holder, then runs; result = a then b.
hold st2 out2.ndjson
"$EDDY" run p.toml b.ndjson --state st2 -o out2.ndjson --wait 2> waiter.err 3>&- &  # not holding the fifo open
waiter=$!
sleep 0.5
kill -0 "$waiter" 2>/dev/null || { wait "$waiter"; fail "--wait: the second run did not wait (exit $?): $(head -c 300 waiter.err)"; }
release
for _ in $(seq 200); do kill -0 "$waiter" 2>/dev/null || break; sleep 0.05; done
kill -0 "$waiter" 2>/dev/null && { kill -9 "$waiter"; fail "--wait: still waiting 10 s after the holder ended"; }
wait "$waiter"; code=$?
[ "$code" = 0 ] || fail "--wait: the second run exited $code: $(head -c 300 waiter.err)"
"$EDDY" run p.toml --state st2 -o out2.ndjson --drain < /dev/null 2> err.txt || fail "drain after --wait: $(head -c 300 err.txt)"
same_file out2.ndjson ref_ab.ndjson

# 3. Two identical runs started together.
"$EDDY" run p.toml big.ndjson --state st3 -o out3.ndjson > /dev/null 2> r1.err & p1=$!
"$EDDY" run p.toml big.ndjson --state st3 -o out3.ndjson > /dev/null 2> r2.err & p2=$!
wait $p1; c1=$?
wait $p2; c2=$?
case "$c1 $c2" in
  "0 75") grep -qw "$p1" r2.err || fail "race: the 75 message does not name pid $p1: $(cat r2.err)" ;;
  "75 0") grep -qw "$p2" r1.err || fail "race: the 75 message does not name pid $p2: $(cat r1.err)" ;;
  "0 0") echo "race: the first run ended before the second started (no 75 this time)" ;;
  *) fail "race: exits $c1 and $c2, expected 0 and 75: $(head -c 200 r1.err) $(head -c 200 r2.err)" ;;
esac
"$EDDY" run p.toml big.ndjson --state st3 -o out3.ndjson --drain 2> err.txt || fail "drain after the race: $(head -c 300 err.txt)"
same_file out3.ndjson ref_big.ndjson

# 4. Two --wait runs started together: both run, one after the other.
"$EDDY" run p.toml a.ndjson --state st4 -o out4.ndjson --wait 2> w1.err & p1=$!
"$EDDY" run p.toml b.ndjson --state st4 -o out4.ndjson --wait 2> w2.err & p2=$!
wait $p1 || fail "--wait race: the run on a.ndjson exited $?: $(head -c 300 w1.err)"
wait $p2 || fail "--wait race: the run on b.ndjson exited $?: $(head -c 300 w2.err)"
"$EDDY" run p.toml --state st4 -o out4.ndjson --drain < /dev/null 2> err.txt || fail "drain after the --wait race: $(head -c 300 err.txt)"
cmp -s out4.ndjson ref_ab.ndjson || cmp -s out4.ndjson ref_ba.ndjson ||
  fail "--wait race: the result is neither a-then-b nor b-then-a ($(wc -l < out4.ndjson) lines; $(wc -l < ref_ab.ndjson) / $(wc -l < ref_ba.ndjson) expected)"

# 5. A stale lock: the holder is killed with -9 while it holds the dir (it has read nothing).
rm -f hold.fifo && mkfifo hold.fifo
"$EDDY" run p.toml --state st5 -o out5.ndjson < hold.fifo 2> holder.err &
holder=$!
exec 3> hold.fifo
for _ in $(seq 100); do [ -e st5 ] && break; sleep 0.05; done
sleep 0.5
kill -9 "$holder"; wait "$holder" 2>/dev/null
exec 3>&-
"$EDDY" run p.toml a.ndjson --state st5 -o out5.ndjson 2> err.txt; code=$?
[ "$code" = 0 ] || fail "a lock left by a killed run was not taken over: exit $code: $(head -c 300 err.txt)"
"$EDDY" run p.toml --state st5 -o out5.ndjson --drain < /dev/null 2> err.txt || fail "drain after the stale lock: $(head -c 300 err.txt)"
same_file out5.ndjson ref_a.ndjson
exit 0
