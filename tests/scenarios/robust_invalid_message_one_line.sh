# Messages about bad input lines stay one line without raw control characters (SPEC §1: one
# line, "eddy:" prefix), whatever the line holds: a time string with \n, ESC or NUL escapes is
# quoted escaped, not written raw (a newline splits the message, ESC drives the terminal, NUL
# cuts the message short).
source "$(dirname "$0")/lib.bash"
no_raw_controls() {
  ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' stderr.txt || fail "raw control character in: $(cat -A stderr.txt | head -c 300)"
  [ "$(tr -cd '\000' < stderr.txt | wc -c)" = 0 ] || fail "NUL byte in stderr"
}
printf '{"ts":"a\\nb\\u001b[31mRED\\u0000end"}\n' > in.ndjson
printf '[source]\non_invalid = "fail"\n' > fail.toml
expect_exit 65 "$EDDY" run fail.toml in.ndjson
[ "$(wc -l < stderr.txt)" = 1 ] || fail "fail message is not one line: $(cat -A stderr.txt | head -c 300)"
grep -q "^eddy: in.ndjson:1: unparsable time '.*end.*'\$" stderr.txt || fail "fail message: $(cat -A stderr.txt | head -c 300)"
no_raw_controls
printf '' > skip.toml
expect_exit 0 "$EDDY" run skip.toml in.ndjson
# The line's warning, then the end-of-run summary: one line each.
[ "$(wc -l < stderr.txt)" = 2 ] || fail "warnings are not two lines: $(cat -A stderr.txt | head -c 300)"
head -n 1 stderr.txt | grep -q "^eddy: warning: in.ndjson:1: unparsable time '.*end.*' (skipped; 1 invalid so far)\$" ||
  fail "warning: $(cat -A stderr.txt | head -c 300)"
tail -n 1 stderr.txt | grep -q "^eddy: warning: 1 of 1 lines was invalid and skipped (1 unparsable time; time field 'ts')\$" ||
  fail "summary: $(cat -A stderr.txt | head -c 300)"
no_raw_controls
expect_exit 0 "$EDDY" run skip.toml in.ndjson --quiet
[ ! -s stderr.txt ] || fail "--quiet printed: $(cat stderr.txt)"
exit 0
