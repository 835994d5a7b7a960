# `eddy state info | dump | reset --state DIR` (SPEC §1, §6): after a run that leaves open windows
# and dedup entries, `info` is human-readable text (not JSON) that shows the watermark's value,
# the number of keys and of open windows, dedup entries, the input cursor (in.ndjson) and a
# size; `dump` is NDJSON: every line is a strict JSON object, the keys in state appear in it, and
# so does the watermark; neither changes the state (the next run continues it to the same output
# as one run); `reset` clears everything (windows, watermark, cursors): the next run reads
# in.ndjson from its start and writes what a clean run writes. A missing state dir is an error
# for info and dump and is not created. About 2 s.
source "$(dirname "$0")/lib.bash"
python3 - <<'PY'
import random
random.seed(23)
out = []
for i in range(2000):
    ts = 1714557600000 + i * 250 - random.randint(0, 1000)     # 10:00:00 .. 10:08:20
    out.append('{"ts":%d,"user":"u%d","id":%d}\n' % (ts, i % 5, i // 2 if i % 7 == 0 else i))
open('part1.ndjson', 'w').write(''.join(out[:1500]))
open('part2.ndjson', 'w').write(''.join(out[1500:]))
open('whole.ndjson', 'w').write(''.join(out))
PY
[ -s whole.ndjson ] || fail "input generation failed"
# The largest time in part 1 (its watermark is 5 s less), as epoch seconds.
wm=$(($(grep -o '"ts":[0-9]*' part1.ndjson | cut -d: -f2 | sort -n | tail -1) / 1000 - 5))
wm_rfc=$(date -u -d "@$wm" +%Y-%m-%dT%H:%M:%S)
cat > p.toml <<'TOML'
[watermark]
max_out_of_orderness = "5s"
[[stage]]
op = "key_by"
fields = ["user"]
[[stage]]
op = "dedup"
fields = ["id"]
within = "1h"
[[stage]]
op = "window"
type = "tumbling"
size = "1m"
[stage.aggregate]
events = "count()"
TOML
"$EDDY" run p.toml whole.ndjson > clean.ndjson 2>/dev/null || fail "clean run"
cp part1.ndjson in.ndjson
"$EDDY" run p.toml in.ndjson --state st > out1.ndjson 2> err.txt || fail "first run: $(head -c 300 err.txt)"

# info
"$EDDY" state info --state st > info.txt 2> err.txt || fail "state info: exit $?: $(head -c 300 err.txt)"
[ -s info.txt ] || fail "state info printed nothing"
head -c 1 info.txt | grep -q '[{[]' && fail "state info should be text for a person, not JSON: $(head -c 300 info.txt)"
# What SPEC §6 lists: watermark, keys (5 users), open windows (one per user, minute 10:06),
# dedup entries, cursors, size.
missing=""
check_info() { grep -Eiq "$2" info.txt || missing+=" $1;"; }
check_info "watermark" 'watermark'
check_info "5 keys" '\b5 keys?\b|\bkeys?:? +5\b'
check_info "5 open windows" '\b5 (open )?windows?\b|\bwindows?:? +5\b'
check_info "dedup entries" '[0-9]+ dedup|dedup[a-z ]*:? +[0-9]+'
check_info "the cursor of in.ndjson" 'in\.ndjson'
check_info "size" 'size|bytes'
[ -z "$missing" ] || fail "state info does not show:$missing in: $(head -c 600 info.txt)"
# The watermark's value, as RFC 3339 (T or space) or as an epoch number (s, ms, us or ns).
grep -Eq "${wm_rfc/T/[T ]}|$wm" info.txt || fail "state info does not show the watermark $wm_rfc (epoch $wm): $(head -c 600 info.txt)"

# dump
"$EDDY" state dump --state st > dump.ndjson 2> err.txt || fail "state dump: exit $?: $(head -c 300 err.txt)"
[ -s dump.ndjson ] || fail "state dump printed nothing"
python3 - <<'PY' || fail "state dump is not NDJSON of objects"
import json, sys
def no_constants(x): raise ValueError('not strict JSON: ' + x)
for n, line in enumerate(open('dump.ndjson', encoding='utf-8'), 1):
    assert line.endswith('\n'), 'line %d has no newline' % n
    try:
        v = json.loads(line, parse_constant=no_constants)
    except ValueError as e:
        sys.exit('dump line %d: %s: %s' % (n, e, line[:200]))
    if not isinstance(v, dict): sys.exit('dump line %d is not an object: %s' % (n, line[:200]))
PY
for u in u0 u1 u2 u3 u4; do  # as a JSON string, or inside one (a key's JSON text)
  grep -Eq "\"$u\"|\\\\\"$u\\\\\"" dump.ndjson || fail "state dump does not contain key $u"
done
grep -qi watermark dump.ndjson || fail "state dump does not contain the watermark"
# Read-only: the same again, and the next run continues as if nothing happened.
"$EDDY" state info --state st > info2.txt 2>/dev/null; same_file info.txt info2.txt
"$EDDY" state dump --state st > dump2.ndjson 2>/dev/null; same_file dump.ndjson dump2.ndjson
cat part2.ndjson >> in.ndjson
"$EDDY" run p.toml in.ndjson --state st --drain > out2.ndjson 2> err.txt || fail "second run: $(head -c 300 err.txt)"
cat out1.ndjson out2.ndjson > both.ndjson
same_file both.ndjson clean.ndjson

# reset
"$EDDY" state reset --state st > /dev/null 2> err.txt || fail "state reset: exit $?: $(head -c 300 err.txt)"
"$EDDY" state info --state st > info3.txt 2> err.txt || fail "state info after reset: exit $?: $(head -c 300 err.txt)"
"$EDDY" run p.toml in.ndjson --state st --drain > out3.ndjson 2> err.txt || fail "run after reset: $(head -c 300 err.txt)"
same_file out3.ndjson clean.ndjson

# Usage and a missing dir.
expect_exit 64 "$EDDY" state info
expect_exit 64 "$EDDY" state frobnicate --state st
"$EDDY" state info --state nowhere > /dev/null 2> err.txt && fail "state info on a missing dir exited 0"
[ "$(wc -l < err.txt)" = 1 ] && grep -q '^eddy: ' err.txt || fail "state info on a missing dir: message: $(head -c 300 err.txt)"
[ ! -e nowhere ] || fail "state info created the missing state dir"
"$EDDY" state dump --state nowhere > /dev/null 2>&1 && fail "state dump on a missing dir exited 0"
[ ! -e nowhere ] || fail "state dump created the missing state dir"
exit 0
