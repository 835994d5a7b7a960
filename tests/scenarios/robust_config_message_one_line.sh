# Configuration errors are one line "eddy: FILE:LINE:COL: message" (SPEC §1, §2), also when the
# name or value at fault holds a newline or control character (TOML escapes make that easy),
# and also for the checks made when the run starts: check and run agree, exit 78.
source "$(dirname "$0")/lib.bash"
one_line_at() {  # one_line_at FILE LINE:COL  (checks stderr.txt)
  [ "$(wc -l < stderr.txt)" = 1 ] || fail "$1: message is not one line: $(cat -A stderr.txt | head -c 300)"
  ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' stderr.txt || fail "$1: raw control character in: $(cat -A stderr.txt | head -c 300)"
  grep -q "^eddy: $1:$2: " stderr.txt || fail "$1: expected eddy: $1:$2: ..., got: $(head -c 300 stderr.txt)"
}
printf '[source]\n"a\\nb" = 1\n' > key.toml
expect_exit 78 "$EDDY" check key.toml; one_line_at key.toml 2:1
printf '[[stage]]\nop = "win\\ndow"\n' > op.toml
expect_exit 78 "$EDDY" check op.toml; one_line_at op.toml 2:6
printf '[source]\ntimezone = "x\\ny"\n' > tz.toml
expect_exit 78 "$EDDY" check tz.toml; one_line_at tz.toml 2:12
printf '[[stage]]\nop = "window"\ntype = "tumbling"\nsize = "1\\n"\n' > size.toml
expect_exit 78 "$EDDY" check size.toml; one_line_at size.toml 4:8
printf '[[stage]]\nop = "window"\ntype = "tumbling"\nsize = "1m"\n[stage.aggregate]\nx = "sum(a\\rb"\n' > agg.toml
expect_exit 78 "$EDDY" check agg.toml; one_line_at agg.toml 6:5
printf '{"ts":1714557600}\n' > in.ndjson
# A strftime pattern that cannot read what it writes: refused by check as by run, at the value.
printf '[source]\ntime_format = "%%Y%%m%%d"\n' > strf.toml
expect_exit 78 "$EDDY" check strf.toml; one_line_at strf.toml 2:15
expect_exit 78 "$EDDY" run strf.toml in.ndjson; one_line_at strf.toml 2:15
# Many distinct fields (70 aggregates over 70 fields) are accepted by check and run alike.
python3 - > fields.toml <<'PY'
print('[[stage]]\nop = "window"\ntype = "tumbling"\nsize = "1m"\n[stage.aggregate]')
for i in range(70): print('a%d = "sum(f%d)"' % (i, i))
PY
expect_exit 0 "$EDDY" check fields.toml
printf '{"ts":1714557600,"f69":5}\n' > fields.ndjson
"$EDDY" run fields.toml fields.ndjson 2>/dev/null | grep -q '"a68":null,"a69":5}$' || fail "70 fields: $("$EDDY" run fields.toml fields.ndjson 2>&1 | head -c 300)"
exit 0
