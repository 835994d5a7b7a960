# `eddy test` runs [[test]] cases: a right expectation passes, a wrong one fails with exit 1 and a
# diff of the rows, rows compare as JSON values, --update writes an expected_file and refuses inline
# expected text, several files and quoted globs get a header each and one count at the end.
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

# Rows compare as JSON values: key order, number spelling and string escapes do not matter.
cat > tolerant.toml <<'TOML'
[[stage]]
op = "window"
type = "tumbling"
size = "1m"
[stage.aggregate]
n = "count()"
[[test]]
name = "reordered"
input = '{"ts":"2024-05-01T10:00:01Z"}'
expected = '''
{ "n" : 1.0, "window_end":"2024-05-01T10:01:00.000Z", "window_start":"2024-05-01T10:00:00\u002e000Z" }
'''
TOML
"$EDDY" test tolerant.toml > out.txt || fail "key order or number spelling mattered: $(cat out.txt)"
grep -qx 'ok tolerant.toml: reordered' out.txt || fail "no ok line: $(cat out.txt)"

# A failing case prints its name and a unified diff of the rows; rows equal as JSON are
# context ('=' when spelled differently), the last line counts cases.
cat > diff.toml <<'TOML'
[[stage]]
op = "window"
type = "tumbling"
size = "1m"
[stage.aggregate]
n = "count()"
[[test]]
name = "passes"
input = '{"ts":"2024-05-01T10:00:01Z"}'
expected = '{"window_start":"2024-05-01T10:00:00.000Z","window_end":"2024-05-01T10:01:00.000Z","n":1}'
[[test]]
name = "three minutes, one wrong"
input = '''
{"ts":"2024-05-01T10:00:01Z"}
{"ts":"2024-05-01T10:01:01Z"}
{"ts":"2024-05-01T10:01:02Z"}
{"ts":"2024-05-01T10:02:01Z"}
'''
expected = '''
{"n":1,"window_start":"2024-05-01T10:00:00.000Z","window_end":"2024-05-01T10:01:00.000Z"}
{"window_start":"2024-05-01T10:01:00.000Z","window_end":"2024-05-01T10:02:00.000Z","n":3}
{"window_start":"2024-05-01T10:02:00.000Z","window_end":"2024-05-01T10:03:00.000Z","n":1}
'''
TOML
expect_exit 1 "$EDDY" test diff.toml
"$EDDY" test diff.toml > out.txt
cat > want.txt <<'TXT'
ok diff.toml: passes
FAIL diff.toml: three minutes, one wrong: the output differs
    --- expected
    +++ actual
    @@ -1,3 +1,3 @@
    ={"window_start":"2024-05-01T10:00:00.000Z","window_end":"2024-05-01T10:01:00.000Z","n":1}
    -{"window_start":"2024-05-01T10:01:00.000Z","window_end":"2024-05-01T10:02:00.000Z","n":3}
    +{"window_start":"2024-05-01T10:01:00.000Z","window_end":"2024-05-01T10:02:00.000Z","n":2}
     {"window_start":"2024-05-01T10:02:00.000Z","window_end":"2024-05-01T10:03:00.000Z","n":1}
test: 1 passed, 1 failed
TXT
same_file out.txt want.txt

# --update rewrites an expected_file (a stale one, then a missing one in a new directory) ...
echo '{"n":0}' > exp.ndjson
"$EDDY" test upd.toml --update > out.txt || fail "--update: $(cat out.txt)"
printf 'updated upd.toml: test 1\ntest: 1 passed, 0 failed\n' > want.txt
same_file out.txt want.txt
same_file exp.ndjson want.ndjson
"$EDDY" test upd.toml --update > out.txt || fail "--update of a current file"
grep -qx 'ok upd.toml: test 1' out.txt || fail "an up-to-date expected_file was rewritten: $(cat out.txt)"
sed 's|"exp.ndjson"|"new/exp.ndjson"|' upd.toml > updnew.toml
expect_exit 1 "$EDDY" test updnew.toml
grep -q '^FAIL updnew.toml: test 1: expected_file .*new/exp.ndjson cannot be read' <("$EDDY" test updnew.toml) ||
  fail "a missing expected_file: $("$EDDY" test updnew.toml)"
"$EDDY" test updnew.toml --update > /dev/null || fail "--update creates a missing expected_file"
same_file new/exp.ndjson want.ndjson
# ... and refuses inline expected text that differs, naming the case and expected_file (exit 1).
expect_exit 1 "$EDDY" test diff.toml --update
"$EDDY" test diff.toml --update > out.txt
grep -q "^FAIL diff.toml: three minutes, one wrong: --update cannot rewrite the inline 'expected' text.*expected_file" out.txt ||
  fail "no refusal for inline expected: $(cat out.txt)"
grep -qx 'ok diff.toml: passes' out.txt || fail "a passing inline case is refused: $(cat out.txt)"
grep -q '^    +{"window_start":"2024-05-01T10:01:00.000Z","window_end":"2024-05-01T10:02:00.000Z","n":2}$' out.txt ||
  fail "the refusal shows no diff: $(cat out.txt)"

# Several files, and a quoted glob expanded by eddy: a header per file, one count at the end.
mkdir -p many
cp t.toml many/a.toml
cp tolerant.toml many/b.toml
printf '[[stage]]\nop = "key_by"\nfields = ["u"]\n' > many/c.toml
"$EDDY" test 'many/*.toml' > out.txt || fail "a quoted glob: $(cat out.txt)"
cat > want.txt <<'TXT'
==> many/a.toml <==
ok many/a.toml: two events in one minute
==> many/b.toml <==
ok many/b.toml: reordered
==> many/c.toml <==
many/c.toml: no [[test]] cases
test: 2 passed, 0 failed
TXT
same_file out.txt want.txt
"$EDDY" test many/*.toml > out2.txt || fail "a shell glob"
same_file out2.txt want.txt
"$EDDY" test t.toml diff.toml 'many/[ab].toml' > out.txt; code=$?
[ "$code" = 1 ] || fail "exit $code with a failing case among several files"
tail -1 out.txt | grep -qx 'test: 4 passed, 1 failed' || fail "count over several files: $(cat out.txt)"
[ "$(grep -c '^==> ' out.txt)" = 4 ] || fail "one header per file: $(cat out.txt)"
expect_exit 66 "$EDDY" test 'nothing/*.toml'
grep -q 'nothing/\*.toml: no file matches' stderr.txt || fail "an empty glob: $(cat stderr.txt)"
# args: a case may fix the wall clock (--now, for max_future) and the output format.
cat > args.toml <<'TOML'
[watermark]
max_future = "1h"
[[stage]]
op = "select"
fields = ["ts", "v"]
[[test]]
name = "the future is an hour past --now"
args = ["--now", "2024-05-01T10:00:00Z", "--format", "csv"]
input = '''
{"ts":"2024-05-01T10:59:00Z","v":1}
{"ts":"2024-05-01T11:01:00Z","v":2}
'''
expected = '''
ts,v
2024-05-01T10:59:00Z,1
'''
TOML
"$EDDY" test args.toml > out.txt || fail "args case: $(cat out.txt)"
printf '[[stage]]\nop = "filter"\nwhere = "true"\n[[test]]\ninput = "{}"\nexpected = ""\nargs = ["--drain"]\n' > badargs.toml
expect_exit 78 "$EDDY" test badargs.toml
grep -q "badargs.toml:7:9: 'args' may hold --now and --format" stderr.txt || fail "args message: $(cat stderr.txt)"
