# A full LMDB map (SPEC §1 exit 74, rule 27, issue 7): with `[state] max_size = "1MiB"` a run
# that would leave 200,000 open windows in state exits 74 with one line naming max_size; the state
# stays at the last checkpoint: `eddy state info` still reads it, and after raising max_size (a
# setting outside the stateful stages: no fingerprint mismatch) the next run continues from that
# checkpoint (the failed run's extra rows in the -o file are cut back), so the -o file ends equal
# to a clean run's. 1 MiB rather than 64 KiB: a store with several LMDB sub-databases needs a few
# dozen pages even for a tiny state, and 1 MiB is still far below the ~10 MB the big input needs.
# About 3-5 s.
source "$(dirname "$0")/lib.bash"
python3 - <<'PY'
small = ['{"ts":%d,"user":"u%d"}\n' % (1714557600 + i, i % 2) for i in range(3)]   # minute 10:00
# Minute 10:01: closes the small run's windows (their rows go to -o), then 200,000 users each
# open a window of their own in minute 10:01..10:02 that stays open (no --drain).
big = ['{"ts":%d,"user":"big%06d"}\n' % (1714557660 + i % 50, i) for i in range(200000)]
open('small.ndjson', 'w').write(''.join(small))
open('big.ndjson', 'w').write(''.join(big))
PY
[ -s big.ndjson ] || fail "input generation failed"
write_p() {  # write_p FILE MAX_SIZE
  cat > "$1" <<TOML
[watermark]
max_out_of_orderness = "5s"
[state]
max_size = "$2"
[[stage]]
op = "key_by"
fields = ["user"]
[[stage]]
op = "window"
type = "tumbling"
size = "1m"
[stage.aggregate]
events = "count()"
TOML
}
write_p tiny.toml 1MiB
write_p roomy.toml 1GiB

cp small.ndjson in.ndjson
"$EDDY" run tiny.toml in.ndjson --state st -o out.ndjson 2> err.txt || fail "a tiny state does not fit in 1 MiB: exit $?: $(head -c 300 err.txt)"
cat big.ndjson >> in.ndjson
"$EDDY" run tiny.toml in.ndjson --state st -o out.ndjson > stdout.txt 2> stderr.txt; code=$?
[ "$code" = 74 ] || fail "map full: exit $code, expected 74: $(head -c 300 stderr.txt)"
[ "$(wc -l < stderr.txt)" = 1 ] || fail "map full: message is not one line: $(head -c 500 stderr.txt)"
grep -q '^eddy: ' stderr.txt && grep -q 'max_size' stderr.txt || fail "map full: message does not name max_size: $(cat stderr.txt)"
grep -q 'internal error' stderr.txt && fail "map full reported as an internal error: $(cat stderr.txt)"
"$EDDY" state info --state st > info.txt 2> err.txt || fail "state info after map full: exit $?: $(head -c 300 err.txt)"
# Still too small: the same again, and the state is still readable.
expect_exit 74 "$EDDY" run tiny.toml in.ndjson --state st -o out.ndjson
"$EDDY" run roomy.toml in.ndjson --state st -o out.ndjson --drain 2> err.txt || fail "with max_size raised: exit $?: $(head -c 300 err.txt)"
"$EDDY" run roomy.toml in.ndjson --state clean -o clean.ndjson --drain 2> err.txt || fail "clean run: $(head -c 300 err.txt)"
[ "$(wc -l < clean.ndjson)" = 200002 ] || fail "test data: clean run wrote $(wc -l < clean.ndjson) rows, expected 200002"
same_file out.ndjson clean.ndjson
exit 0
