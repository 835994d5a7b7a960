# A sliding window whose size/slide is huge must be refused (exit 78 at the slide), not run for
# hours eating memory: 1s every 1ns puts each event in 10^9 windows. The count must not overflow
# either: 106751d23h47m16s854ms774us807ns (INT64_MAX - 1000 ns) every 2us is 4.6e15 windows,
# and size + slide - 1 wraps around int64 there.
source "$(dirname "$0")/lib.bash"
printf '{"ts":1714557600}\n' > in.ndjson
cap=4000000
ldd "$EDDY" 2>/dev/null | grep -q libasan && cap=unlimited  # ASan reserves terabytes of address space
for shape in "1s 1ns" "2562047h47m16s854ms774us807ns 2us"; do
  set -- $shape
  printf '[[stage]]\nop = "window"\ntype = "sliding"\nsize = "%s"\nslide = "%s"\n[stage.aggregate]\nn = "count()"\n' "$1" "$2" > p.toml
  # SIGKILL: while it assigns windows eddy does not look at its stop flag, so SIGTERM would not
  # end it. The memory cap keeps a runaway run from taking the machine down with it.
  code=0
  ( ulimit -v $cap 2>/dev/null; timeout -s KILL 20 "$EDDY" run p.toml in.ndjson ) > out.ndjson 2> stderr.txt || code=$?
  [ "$code" != 137 ] || fail "$shape: still assigning windows after 20s (killed); $(wc -l < out.ndjson) rows so far"
  grep -qi 'out of memory' stderr.txt && fail "$shape: ran out of memory instead of refusing the window: $(cat stderr.txt)"
  [ "$code" = 78 ] || fail "$shape: exit $code, expected 78 (refused): $(head -c 300 stderr.txt)"
  [ "$(wc -l < stderr.txt)" = 1 ] || fail "$shape: message is not one line: $(head -c 300 stderr.txt)"
  grep -q '^eddy: p.toml:5:9: ' stderr.txt || fail "$shape: message: $(cat stderr.txt)"
  [ ! -s out.ndjson ] || fail "$shape: rows were written before the refusal"
  # `eddy check` must refuse it too, pointing at the slide (line 5, column 9).
  expect_exit 78 "$EDDY" check p.toml
  grep -q '^eddy: p.toml:5:9: ' stderr.txt || fail "$shape: check message: $(cat stderr.txt)"
done
# Chained, each stage within the cap, the cost multiplies: every one of stage 1's 10^5 rows joins
# 10^5 windows of stage 2, so one input event costs 10^10 window updates. Refuse it (78, with a
# place) or compute it in reasonable time (e.g. pane-based assignment); do not hang.
printf '[[stage]]\nop = "window"\ntype = "sliding"\nsize = "1s"\nslide = "10us"\n[stage.aggregate]\nn = "count()"\n' > chain.toml
printf '[[stage]]\nop = "window"\ntype = "sliding"\nsize = "1s"\nslide = "10us"\n[stage.aggregate]\nrows = "count()"\n' >> chain.toml
code=0
( ulimit -v $cap 2>/dev/null; timeout -s KILL 60 "$EDDY" run chain.toml in.ndjson ) > out.ndjson 2> stderr.txt || code=$?
[ "$code" != 137 ] || fail "chained sliding windows: still running after 60s (killed); $(wc -l < out.ndjson) rows so far"
grep -qi 'out of memory' stderr.txt && fail "chained sliding windows: ran out of memory: $(cat stderr.txt)"
case $code in
  78) grep -q '^eddy: chain.toml:[0-9]*:[0-9]*: ' stderr.txt || fail "chained: message: $(head -c 300 stderr.txt)" ;;
  0) [ -s out.ndjson ] || fail "chained: no rows" ;;
  *) fail "chained sliding windows: exit $code: $(head -c 300 stderr.txt)" ;;
esac
exit 0
