# Downstream closing the pipe with a state dir (SPEC §1 exit 141, issue 7): `eddy ... | head -1`
# exits 141 and prints nothing; nothing is committed past what was written, so a rerun with
# --drain writes a suffix of one clean run's output that starts at a line boundary no later than
# the bytes the reader took plus what the pipe could hold (bytes sitting in the pipe when the
# reader left count as written; the pipe's size is read with F_GETPIPE_SZ). Checkpoints every
# 20ms: a reader that takes 100 bytes, and one that takes 8 MB in small steps, make checkpoints
# happen while rows wait in eddy's buffer or in the pipe. About 5 s.
source "$(dirname "$0")/lib.bash"
python3 - <<'PY'
import random
random.seed(17)
t, out = 1714557600000, []
for i in range(300000):
    t += random.randint(0, 20)
    out.append('{"ts":%d,"user":"u%d","id":%d,"pad":"%s"}\n' % (t - random.randint(0, 1000), random.randint(0, 99), i, 'x' * random.randint(0, 40)))
open('in.ndjson', 'w').write(''.join(out))
PY
[ -s in.ndjson ] || fail "input generation failed"
cat > p.toml <<'TOML'
[watermark]
max_out_of_orderness = "2s"
[state]
checkpoint_interval = "20ms"
[[stage]]
op = "key_by"
fields = ["user"]
[[stage]]
op = "dedup"
fields = ["id"]
within = "1m"
TOML
"$EDDY" run p.toml in.ndjson > clean.ndjson 2>/dev/null || fail "clean run"
clean_size=$(wc -c < clean.ndjson)
[ "$clean_size" -gt 12000000 ] || fail "test data: clean output is only $clean_size bytes"

pipe_default=$((16 * $(getconf PAGESIZE)))   # Linux: a new pipe holds 16 pages
# check_rerun WHAT BOUND: rest.ndjson must be clean.ndjson from some line start P <= BOUND.
check_rerun() {
  local rest_size p
  rest_size=$(wc -c < rest.ndjson)
  p=$((clean_size - rest_size))
  [ "$p" -ge 0 ] || fail "$1: the rerun wrote more ($rest_size bytes) than one clean run ($clean_size)"
  tail -c +$((p + 1)) clean.ndjson | cmp -s - rest.ndjson || fail "$1: the rerun's output is not the end of a clean run's output: $(tail -c +$((p + 1)) clean.ndjson | cmp - rest.ndjson 2>&1 | head -1)"
  [ "$p" = 0 ] || [ "$(head -c "$p" clean.ndjson | tail -c 1 | od -An -tx1 | tr -d ' ')" = 0a ] ||
    fail "$1: the rerun starts in the middle of a line (at byte $p)"
  [ "$p" -le "$2" ] ||
    fail "$1: the rerun starts at byte $p, but at most $2 bytes can have been written (what the reader took + the pipe): rows never written were committed"
  echo "$1: the rerun started at byte $p (bound $2)"
}

# 1. | head -n 1 (head takes a buffer of at most 128 KiB)
"$EDDY" run p.toml in.ndjson --state st 2> err1.txt | head -n 1 > first.txt
code=${PIPESTATUS[0]}
[ "$code" = 141 ] || fail "| head -1: exit $code, expected 141: $(head -c 300 err1.txt)"
[ ! -s err1.txt ] || fail "| head -1: not silent: $(head -c 300 err1.txt)"
head -n 1 clean.ndjson | cmp -s - first.txt || fail "| head -1: first line $(cat first.txt)"
"$EDDY" run p.toml in.ndjson --state st --drain > rest.ndjson 2> err.txt || fail "rerun after head -1: exit $?: $(head -c 300 err.txt)"
check_rerun "head -1" $((131072 + pipe_default))

# 2. Readers that take WANT bytes (in 64 KiB steps, PAUSE s apart), then leave: their pipe size
#    and what they took go to taken.bin and pipe_size.txt.
reader() {
  python3 -c '
import fcntl, os, sys, time
want, pause = int(sys.argv[1]), float(sys.argv[2])
got, chunks = 0, []
while got < want:
    b = os.read(0, min(65536, want - got))
    if not b: break
    chunks.append(b); got += len(b)
    time.sleep(pause)
open("pipe_size.txt", "w").write(str(fcntl.fcntl(0, 1032)))   # F_GETPIPE_SZ
open("taken.bin", "wb").write(b"".join(chunks))
os._exit(0)' "$@"
}
for shape in "100 0" "8000000 0.002"; do
  set -- $shape
  what="a reader taking $1 bytes"
  rm -rf st taken.bin pipe_size.txt
  "$EDDY" run p.toml in.ndjson --state st 2> err1.txt | reader "$1" "$2"
  code=${PIPESTATUS[0]}
  [ "$code" = 141 ] || fail "$what: exit $code, expected 141: $(head -c 300 err1.txt)"
  [ ! -s err1.txt ] || fail "$what: not silent: $(head -c 300 err1.txt)"
  taken=$(wc -c < taken.bin)
  [ "$taken" = "$1" ] || fail "$what: it got only $taken bytes"
  head -c "$taken" clean.ndjson | cmp -s - taken.bin || fail "$what: what it read is not the start of a clean run's output"
  "$EDDY" run p.toml in.ndjson --state st --drain > rest.ndjson 2> err.txt || fail "$what: rerun exited $?: $(head -c 300 err.txt)"
  check_rerun "$what" $((taken + $(cat pipe_size.txt)))
done
exit 0
