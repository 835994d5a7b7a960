# `eddy test` runs [[test]] cases: a right expectation passes, a wrong one fails with exit 1,
# and --update writes an expected_file.
source "$(dirname "$0")/lib.bash"
cat > t.toml <<'TOML'
[[stage]]
op = "window"
type = "tumbling"
size = "1m"
[stage.aggregate]
n = "count()"

[[test]]
name = "two events in one minute"
input = '''
{"ts":"2024-05-01T10:00:01Z"}
{"ts":"2024-05-01T10:00:59.999Z"}
'''
expected = '''
{"window_start":"2024-05-01T10:00:00.000Z","window_end":"2024-05-01T10:01:00.000Z","n":2}
'''
TOML
"$EDDY" test t.toml > out.txt || fail "a right expectation failed: $(cat out.txt)"
tail -1 out.txt | grep -qx 'test: 1 passed, 0 failed' || fail "summary: $(cat out.txt)"
sed 's/"n":2/"n":3/' t.toml > wrong.toml
expect_exit 1 "$EDDY" test wrong.toml
cat > upd.toml <<'TOML'
[[stage]]
op = "window"
type = "tumbling"
size = "1m"
[stage.aggregate]
n = "count()"
[[test]]
input = '{"ts":"2024-05-01T10:00:01Z"}'
expected_file = "exp.ndjson"
TOML
echo stale > exp.ndjson
"$EDDY" test upd.toml --update > /dev/null || fail "--update"
printf '{"window_start":"2024-05-01T10:00:00.000Z","window_end":"2024-05-01T10:01:00.000Z","n":1}\n' > want.ndjson
same_file exp.ndjson want.ndjson
"$EDDY" test upd.toml > /dev/null || fail "the updated case does not pass"
