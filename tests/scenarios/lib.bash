# Shared by the scenario scripts: a small pipeline and input, and assertions that say what broke.
fail() { echo "FAILED: $*" >&2; exit 1; }
same_file() { cmp -s "$1" "$2" || { diff <(head -c 2000 "$1") <(head -c 2000 "$2") | head -20 >&2; fail "$1 and $2 differ"; }; }
expect_exit() {  # expect_exit CODE command...
  local want=$1; shift
  "$@" >/dev/null 2>stderr.txt; local got=$?
  [ "$got" = "$want" ] || fail "exit $got, expected $want from: $* ($(head -c 300 stderr.txt))"
}
write_pipeline() {
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
avg_bytes = "avg(bytes)"
TOML
}
write_input() {  # 3000 events over 50 minutes, 7 users, some disorder and a few bad lines
  python3 - "$@" <<'PY' > in.ndjson
import random
random.seed(7)
for i in range(3000):
    t = 1714557600 + i + random.randint(-4, 0)
    if i % 500 == 250:
        print('{"ts": broken')
        continue
    print('{"ts":%d,"user":"u%d","bytes":%d}' % (t * 1000 + random.randint(0, 999), random.randint(0, 6), random.randint(1, 999)))
PY
}
