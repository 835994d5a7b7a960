# The documented exit codes and one-line "eddy:" messages (SPEC §1).
source "$(dirname "$0")/lib.bash"
write_pipeline; write_input
expect_exit 66 "$EDDY" run p.toml missing.ndjson
grep -q '^eddy: missing.ndjson: No such file or directory$' stderr.txt || fail "66 message: $(cat stderr.txt)"
expect_exit 66 "$EDDY" run nope.toml in.ndjson
expect_exit 64 "$EDDY" run
expect_exit 64 "$EDDY" run p.toml --no-such-flag
expect_exit 64 "$EDDY" frobnicate
mkdir ro && chmod 500 ro
if [ "$(id -u)" != 0 ]; then expect_exit 73 "$EDDY" run p.toml in.ndjson -o ro/out.ndjson; fi
expect_exit 73 "$EDDY" run p.toml in.ndjson -o /nonexistent-dir/out.ndjson
printf '[[stage]]\nop = "window"\ntype = "tumbling"\nsize = "1m"\n[stage.aggregate]\nn = "summ(x)"\n' > bad.toml
expect_exit 78 "$EDDY" run bad.toml in.ndjson
[ "$(wc -l < stderr.txt)" = 1 ] || fail "config error is not one line"
grep -q "^eddy: bad.toml:6:5: unknown aggregate 'summ' (did you mean 'sum'?)$" stderr.txt || fail "78 message: $(cat stderr.txt)"
expect_exit 78 "$EDDY" check bad.toml
printf '{"ts":1,"user":"a"}\n{"user":"b"}\n' > nots.ndjson
printf 'on_invalid = "fail"\n' > fail.toml; printf '[source]\non_invalid = "fail"\n' > fail.toml
expect_exit 65 "$EDDY" run fail.toml nots.ndjson
grep -q "^eddy: nots.ndjson:2: missing time field 'ts'$" stderr.txt || fail "65 message: $(cat stderr.txt)"
# Downstream closing the pipe: exit 141, silently.
python3 -c 'import sys
for i in range(400000): sys.stdout.write("{\"ts\":%d,\"user\":\"u\"}\n" % i)' > many.ndjson
printf '' > pass.toml
"$EDDY" run pass.toml many.ndjson 2>err141.txt | head -n 1 > /dev/null
code=${PIPESTATUS[0]}
[ "$code" = 141 ] || fail "broken pipe exit $code"
[ ! -s err141.txt ] || fail "broken pipe printed: $(cat err141.txt)"
"$EDDY" --version | grep -q '^eddy ' || fail "--version"
"$EDDY" --help | grep -q 'run' || fail "--help"
"$EDDY" check p.toml | grep -q 'window tumbling 1m' || fail "check output: $("$EDDY" check p.toml)"
# What this build cannot do yet is refused the same way by check and run.
# --reset-state and --wait mean nothing without a state dir.
expect_exit 64 "$EDDY" run p.toml in.ndjson --reset-state
