# Exactly-once output files against their committed lengths (SPEC §6, rule 29): an -o,
# late_output or dead_letter file that is shorter than its committed length, or gone, is exit 74
# with a one-line message naming the file, and eddy neither rewrites it nor touches the other
# files or the state (put back, the next run continues normally). A file longer than its
# committed length (what a crashed run leaves, here junk and half a line) is cut back and
# continued. In the end all three files equal a clean run's. About 2 s.
source "$(dirname "$0")/lib.bash"
python3 - <<'PY'
import random
random.seed(41)
out, t = [], 1714557600000
for i in range(6000):
    t += random.randint(0, 100)
    if i % 400 == 17:
        out.append('{"ts": not json\n'); continue                            # dead letter
    ts = t - (60000 if i % 300 == 5 else random.randint(0, 2000))            # some late
    out.append('{"ts":%d,"user":"u%d","bytes":%d}\n' % (ts, i % 9, random.randint(1, 99)))
for k in range(3):
    open('part%d.ndjson' % (k + 1), 'w').write(''.join(out[k * 2000:(k + 1) * 2000]))
open('whole.ndjson', 'w').write(''.join(out))
PY
[ -s whole.ndjson ] || fail "input generation failed"
cat > p.toml <<'TOML'
[source]
on_invalid = "dead_letter"
dead_letter = "dead.ndjson"
[watermark]
max_out_of_orderness = "5s"
late_events = "side_output"
late_output = "late.ndjson"
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
files=(out.ndjson late.ndjson dead.ndjson)
mkdir clean && cp p.toml clean/ && cp whole.ndjson clean/in.ndjson
(cd clean && "$EDDY" run p.toml in.ndjson --state st -o out.ndjson --drain 2>/dev/null) || fail "clean run"

cp part1.ndjson in.ndjson
"$EDDY" run p.toml in.ndjson --state st -o out.ndjson 2> err.txt || fail "first run: $(head -c 300 err.txt)"
for f in "${files[@]}"; do
  [ -s "$f" ] || fail "test data: the first run wrote no $f"
  cp "$f" "$f.committed"
done
state_files() { (cd st && find . -type f ! -iname '*lock*' -print0 | sort -z | xargs -0 sha256sum); }
state_files > state.before
cat part2.ndjson >> in.ndjson

# refused DAMAGE FILE: after DAMAGE (a command) on FILE, a run exits 74 naming FILE, changes nothing.
refused() {
  local damage=$1 f=$2 g
  case $damage in
    shorter) truncate -s -7 "$f" ;;
    empty) : > "$f" ;;
    gone) rm "$f" ;;
  esac
  [ -e "$f" ] && cp "$f" damaged.copy
  "$EDDY" run p.toml in.ndjson --state st -o out.ndjson > stdout.txt 2> stderr.txt; code=$?
  [ "$code" = 74 ] || fail "$f $damage: exit $code, expected 74: $(head -c 300 stderr.txt)"
  [ "$(wc -l < stderr.txt)" = 1 ] && grep -q '^eddy: ' stderr.txt || fail "$f $damage: message: $(head -c 300 stderr.txt)"
  grep -q "$f" stderr.txt || fail "$f $damage: the message does not name $f: $(cat stderr.txt)"
  [ ! -s stdout.txt ] || fail "$f $damage: wrote to stdout"
  if [ "$damage" = gone ]; then
    [ ! -e "$f" ] || fail "$f $damage: eddy recreated it"
  else
    cmp -s "$f" damaged.copy || fail "$f $damage: eddy changed it"
  fi
  for g in "${files[@]}"; do
    [ "$g" = "$f" ] || cmp -s "$g" "$g.committed" || fail "$f $damage: $g changed"
  done
  state_files > state.after
  cmp -s state.before state.after || fail "$f $damage: the state changed"
  cp "$f.committed" "$f"   # put it back
}
refused shorter out.ndjson
refused gone out.ndjson
refused empty out.ndjson
refused shorter late.ndjson
refused gone late.ndjson
refused shorter dead.ndjson
refused gone dead.ndjson

"$EDDY" run p.toml in.ndjson --state st -o out.ndjson 2> err.txt || fail "run after putting the files back: $(head -c 300 err.txt)"
# Longer than committed: cut back, then continued.
printf '{"junk":1}\n{"half' >> out.ndjson
printf 'junk\n' >> late.ndjson
printf '{"half a dead' >> dead.ndjson
cat part3.ndjson >> in.ndjson
"$EDDY" run p.toml in.ndjson --state st -o out.ndjson --drain 2> err.txt || fail "run with longer files: $(head -c 300 err.txt)"
for f in "${files[@]}"; do
  cmp -s "$f" "clean/$f" || fail "$f differs from a clean run's: $(cmp "$f" "clean/$f" 2>&1 | head -1)"
done
exit 0
