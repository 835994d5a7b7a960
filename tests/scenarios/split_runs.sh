# Split-run equivalence (SPEC §6): 100,000 generated events (disorder beyond max_out_of_orderness,
# exact and same-id duplicates, idle gaps of 47m/3h/26h, invalid, blank and \r\n lines, non-ASCII
# keys, mixed epoch/RFC 3339 times) fed to successive runs with one state dir, the last with
# --drain, give the same bytes on stdout (and in late_output/dead_letter) as one run over the
# whole input without a state dir. Six pipelines: tumbling, sliding (allowed_lateness, revisions),
# session (allowed_lateness, revisions), each with the sketch aggregates too, dedup, sessionize
# (max_duration), and a chain filter -> dedup -> select -> sessionize -> re-key -> tumbling ->
# tumbling with late side output and dead letters.
#
# File mode: each piece is appended to in.ndjson, then `eddy run p.toml in.ndjson --state st`
# reads what was appended since its cursor. Cuts at line boundaries (2, 7 pieces) and at byte
# offsets (2, 7, 50 pieces): half lines, a piece with no newline at all, a cut just before a
# line's "\n", between "\r" and "\n", inside a UTF-8 character; byte7 starts with a first run
# that sees only two lines and ten bytes (the file's fingerprint must still match after it
# grew). stdin mode: each run reads one piece on stdin (line-boundary cuts, 2 and 7 pieces);
# stdin has no cursor. dedup also runs an input whose last line has no "\n" (only the --drain
# run may process it).
# Every pipeline gets 2, 7 and 50 pieces cut at lines and at byte offsets; to stay well under
# 120 s on 2 cores, 50 stdin pieces run only for sessionize and chain;
# two pipelines run at a time. About 870 runs in all.
source "$(dirname "$0")/lib.bash"
started=$SECONDS

python3 - <<'PY'
import os, random
from datetime import datetime, timezone
random.seed(20240507)
N = 100000
users = ['u%02d' % i for i in range(38)] + ['zo\u00eb', '\u65e5\u672c']
weights = [1.0 / (i + 1) for i in range(len(users))]   # a few busy users, many rare ones
regions = ['eu', 'us', 'ap', 'sa']
def rfc(ms):
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'
out, recent, t, i = [], [], 1714557600000, 0
while i < N:
    i += 1
    r = random.random()
    if i % 20011 == 10000:                       # a long idle gap: every window and session closes
        t += random.choice([3 * 3600000, 26 * 3600000, 47 * 60000])
    else:
        t += random.randint(0, 400)
    if r < 0.003:
        out.append(random.choice(['{"ts": broken', '{"user":"u01","id":"x"}', '[1,2]',
                                  '{"ts":"yesterday","user":"u02"}']) + '\n')
        continue
    if r < 0.005:
        out.append('\n'); continue
    if r < 0.035 and recent:                     # exact duplicate of a recent line
        out.append(random.choice(recent)); continue
    ts = t
    if random.random() < 0.3: ts -= random.randint(0, 8000)          # disorder, some beyond 5s
    if random.random() < 0.01: ts -= random.randint(10000, 180000)   # clearly late
    u = random.choices(users, weights)[0]
    eid = 'e%d' % i
    if random.random() < 0.01: eid = 'e%d' % max(1, i - random.randint(1, 40))  # same id, other time
    tsv = '"%s"' % rfc(ts) if random.random() < 0.1 else str(ts)
    b = random.randint(1, 5000)
    bv = 'null' if random.random() < 0.01 else ('"%d"' % b if random.random() < 0.005 else str(b))
    f = '"ts":%s,"user":"%s","id":"%s","bytes":%s,"lat":%r' % (tsv, u, eid, bv, round(random.random() * 250, 3))
    if random.random() < 0.97: f += ',"region":"%s"' % random.choice(regions)
    line = '{' + f + '}' + ('\r\n' if random.random() < 0.01 else '\n')
    out.append(line); recent.append(line)
    if len(recent) > 60: recent.pop(0)
data = ''.join(out).encode()
open('whole.ndjson', 'wb').write(data)
open('whole_nonl.ndjson', 'wb').write(data[:-1])
size = len(data)
starts = [0] + [k + 1 for k in range(size - 1) if data[k] == 10]   # offsets of line starts
os.mkdir('cuts')
def write(name, cuts, total=size):
    cuts = sorted(set(cuts))
    assert all(0 < c < total for c in cuts)
    open('cuts/' + name, 'w').write('\n'.join(map(str, [0] + cuts + [total])) + '\n')
for n in (2, 7, 50):
    write('line%d' % n, random.sample(starts[1:], n - 1))
write('byte2', random.sample(range(1, size), 1))
# First run: two whole lines and 10 bytes of the third.
write('byte7', [starts[2] + 10] + random.sample(range(starts[3], size), 5))
forced = []
crlf = data.index(b'\r\n', size // 3); forced.append(crlf + 1)               # between \r and \n
mb = data.index('zo\u00eb'.encode(), size // 2) + 3; forced.append(mb)        # inside the 2-byte e-umlaut
nl = data.index(b'}\n', size // 5); forced.append(nl + 1)                     # a complete object, no \n yet
ln = starts[len(starts) * 2 // 3] + 20; forced += [ln, ln + 5]                # a 5-byte piece, no newline
forced.append(starts[len(starts) // 4])                                       # a line boundary
rest = [c for c in random.sample(range(1, size), 60) if c not in forced]
write('byte50', forced + rest[:49 - len(forced)])
last = data.rindex(b'\n', 0, size - 1) + 1                                   # start of the last line
write('nonl7', random.sample(range(1, last), 5) + [last + 7], size - 1)
PY
[ -s whole.ndjson ] || fail "input generation failed"
for c in cuts/*; do
  [ "$(sed -n '$=' "$c")" -ge 3 ] || fail "bad cut list $c"
done
[ "$(wc -l < whole.ndjson)" -ge 100000 ] || fail "the generated input has fewer than 100000 lines"

cat > tumbling.toml <<'TOML'
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
lat = "avg(lat)"
lat_sum = "sum(lat)"
lo = "min(lat)"
hi = "max(bytes)"
first_id = "first(id)"
last_id = "last(id)"
regions = "count_distinct(region)"
p50 = "quantile(lat, 0.5)"
p99 = "quantile(lat, 0.99)"
regions_approx = "approx_distinct(region)"
top_regions = "top_k(region, 2)"
ids = "collect(id, 3)"
TOML
cat > sliding.toml <<'TOML'
[watermark]
max_out_of_orderness = "3s"
allowed_lateness = "20s"
[[stage]]
op = "key_by"
fields = ["region"]
[[stage]]
op = "window"
type = "sliding"
size = "5m"
slide = "1m"
[stage.aggregate]
events = "count()"
lat = "sum(lat)"
first_user = "first(user)"
last_user = "last(user)"
users = "count_distinct(user)"
lat_p90 = "quantile(lat, 0.9)"
users_approx = "approx_distinct(user)"
top_users = "top_k(user, 3)"
ids = "collect(id, 4)"
TOML
cat > session.toml <<'TOML'
[watermark]
max_out_of_orderness = "5s"
allowed_lateness = "30s"
[[stage]]
op = "key_by"
fields = ["user"]
[[stage]]
op = "window"
type = "session"
gap = "20s"
[stage.aggregate]
events = "count()"
bytes = "sum(bytes)"
lat = "sum(lat)"
first_id = "first(id)"
last_id = "last(id)"
regions = "count_distinct(region)"
bytes_p50 = "quantile(bytes, 0.5)"
ids_approx = "approx_distinct(id)"
top_regions = "top_k(region, 2)"
ids = "collect(id, 5)"
TOML
cat > dedup.toml <<'TOML'
[watermark]
max_out_of_orderness = "2s"
[[stage]]
op = "key_by"
fields = ["user"]
[[stage]]
op = "dedup"
fields = ["id"]
within = "2m"
TOML
cat > sessionize.toml <<'TOML'
[watermark]
max_out_of_orderness = "5s"
[[stage]]
op = "key_by"
fields = ["user"]
[[stage]]
op = "sessionize"
gap = "30s"
max_duration = "10m"
TOML
cat > chain.toml <<'TOML'
[source]
on_invalid = "dead_letter"
dead_letter = "dead.ndjson"
[watermark]
max_out_of_orderness = "5s"
late_events = "side_output"
late_output = "late.ndjson"
[[stage]]
op = "filter"
where = 'bytes != null && !(region in ["sa"])'
[[stage]]
op = "key_by"
fields = ["user"]
[[stage]]
op = "dedup"
fields = ["id"]
within = "10m"
[[stage]]
op = "select"
fields = ["ts", "user", "id", "region", "bytes"]
[[stage]]
op = "sessionize"
gap = "30s"
[[stage]]
op = "key_by"
fields = ["region"]
[[stage]]
op = "window"
type = "tumbling"
size = "5m"
[stage.aggregate]
events = "count()"
sessions = "count_distinct(session_id)"
bytes = "sum(bytes)"
[[stage]]
op = "window"
type = "tumbling"
size = "10m"
[stage.aggregate]
rows = "count()"
events = "sum(events)"
busiest = "max(events)"
TOML

cases_for() {
  local c="file:line2 file:line7 file:line50 file:byte2 file:byte7 file:byte50 stdin:line2 stdin:line7"
  case $1 in
    dedup) c+=" file:nonl7" ;;
    sessionize|chain) c+=" stdin:line50" ;;
  esac
  echo "$c"
}

piece() {  # piece FILE FROM TO: bytes [FROM, TO) of FILE
  dd if="$1" bs=1M iflag=skip_bytes,count_bytes skip="$2" count=$(($3 - $2)) status=none
}

# Which run wrote the first line that differs from the reference (runs' outputs are out.0 ...).
diagnose() {  # diagnose WHAT REF N
  local what=$1 ref=$2 n=$3 line k total=0 c
  c=$(cmp all.out "$ref" 2>&1)
  line=$(grep -o 'line [0-9]*' <<< "$c" | head -1 | cut -d' ' -f2)
  line=${line:-0}
  case $c in *EOF*) line=$((line + 1)) ;; esac   # "EOF on X after byte B, line L": L+1 is missing
  [ "$line" -ge 1 ] || line=1
  for ((k = 0; k < n; k++)); do
    c=$(wc -l < out.$k); total=$((total + c))
    [ "$total" -ge "$line" ] && break
  done
  fail "$what: stdout of the runs ($(wc -l < all.out) lines) differs from one run ($(wc -l < "$ref") lines) at line $line, written by run $((k + 1)) of $n; want: $(sed -n "${line}p" "$ref" | cut -c1-200); got: $(sed -n "${line}p" all.out | cut -c1-200)"
}

dead_text() { jq -c '[.reason, .text, .base64]' "$1"; }  # a dead letter without file/line/offset

split_case() (  # split_case PIPELINE MODE:CUTS, in PIPELINE/MODE-CUTS/
  p=$1 mode=${2%%:*} cuts=${2#*:}
  what="$p, $mode, $cuts"
  mkdir -p "$p/$mode-$cuts" && cd "$p/$mode-$cuts" || exit 1
  cp "../../$p.toml" p.toml
  src=../../whole.ndjson ref=../ref
  [ "$cuts" = nonl7 ] && { src=../../whole_nonl.ndjson; ref=../ref-nonl; }
  mapfile -t b < "../../cuts/$cuts"
  n=$((${#b[@]} - 1))
  : > in.ndjson
  for ((k = 0; k < n; k++)); do
    args=(--state st)
    [ $k = $((n - 1)) ] && args+=(--drain)
    if [ "$mode" = file ]; then
      piece "$src" "${b[k]}" "${b[k + 1]}" >> in.ndjson
      "$EDDY" run p.toml in.ndjson "${args[@]}" > out.$k 2> err.$k; code=$?
    else
      piece "$src" "${b[k]}" "${b[k + 1]}" | "$EDDY" run p.toml "${args[@]}" > out.$k 2> err.$k
      code=${PIPESTATUS[1]}
    fi
    [ "$code" = 0 ] || fail "$what: run $((k + 1)) of $n exited $code: $(head -c 300 err.$k)"
  done
  for ((k = 0; k < n; k++)); do cat out.$k; done > all.out
  cmp -s all.out "$ref/out.ndjson" || diagnose "$what" "$ref/out.ndjson" "$n"
  if [ -e "$ref/late.ndjson" ]; then
    [ -e late.ndjson ] || fail "$what: no late_output file"
    cmp -s late.ndjson "$ref/late.ndjson" || fail "$what: late_output differs from one run's ($(wc -l < late.ndjson) vs $(wc -l < "$ref/late.ndjson") lines): $(diff late.ndjson "$ref/late.ndjson" | head -4 | cut -c1-200)"
  fi
  if [ -e "$ref/dead.ndjson" ]; then
    [ -e dead.ndjson ] || fail "$what: no dead_letter file"
    if [ "$mode" = file ]; then   # file, line and offset are those of the whole file
      cmp -s dead.ndjson "$ref/dead.ndjson" || fail "$what: dead letters differ from one run's: $(diff dead.ndjson "$ref/dead.ndjson" | head -4 | cut -c1-200)"
    else                          # stdin: line numbers restart in every run; reason and text do not
      [ "$(dead_text dead.ndjson)" = "$(dead_text "$ref/dead.ndjson")" ] || fail "$what: dead letters (reason, text) differ from one run's"
    fi
  fi
  rm -rf in.ndjson out.* all.out st  # passed: keep the temp dir small
)

run_pipeline() (  # all cases of one pipeline, in PIPELINE/
  p=$1 t0=$SECONDS
  for r in ref ref-nonl; do
    [ "$r" = ref-nonl ] && [ "$p" != dedup ] && continue
    src=whole.ndjson; [ "$r" = ref-nonl ] && src=whole_nonl.ndjson
    mkdir -p "$p/$r" && cd "$p/$r" || exit 1
    cp "../../$p.toml" p.toml && ln "../../$src" in.ndjson
    "$EDDY" run p.toml in.ndjson > out.ndjson 2> err.txt || fail "$p: the single run failed: $(head -c 300 err.txt)"
    [ "$(wc -l < out.ndjson)" -ge 150 ] || fail "$p: the single run wrote only $(wc -l < out.ndjson) lines"
    cd ../.. || exit 1
  done
  for c in $(cases_for "$p"); do split_case "$p" "$c" || exit 1; done
  echo "$p: $(wc -w <<< "$(cases_for "$p")") cases in $((SECONDS - t0)) s"
)

# Two pipelines at a time (2 cores); each writes its log and exit status to PIPELINE.log/.rc.
pipelines=(tumbling sliding session dedup sessionize chain)
for p in "${pipelines[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
  ( run_pipeline "$p" > "$p.log" 2>&1; echo $? > "$p.rc" ) &
done
wait
failed=0
for p in "${pipelines[@]}"; do
  if [ "$(cat "$p.rc" 2>/dev/null)" = 0 ]; then cat "$p.log"; else failed=$((failed + 1)); cat "$p.log" >&2; fi
done
[ "$failed" = 0 ] || fail "$failed of ${#pipelines[@]} pipelines: split runs differ from one run (see above)"
echo "split_runs: every case equals one run, $((SECONDS - started)) s"
