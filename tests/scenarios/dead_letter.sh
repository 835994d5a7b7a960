# on_invalid = "dead_letter": each invalid line becomes one strict JSON record (SPEC §8 rule 28);
# valid lines are processed as usual.
source "$(dirname "$0")/lib.bash"
cat > p.toml <<'TOML'
[source]
on_invalid = "dead_letter"
dead_letter = "dead.ndjson"
TOML
printf '{"ts":1,"a":1}\n{"ts": oops}\n{"a":2}\n\xff\xfe\n{"ts":2}\n' > in.ndjson
"$EDDY" run p.toml in.ndjson > out.ndjson 2>/dev/null || fail "run failed"
printf '{"ts":1,"a":1}\n{"ts":2}\n' > want.ndjson
same_file out.ndjson want.ndjson
[ "$(wc -l < dead.ndjson)" = 3 ] || fail "dead letters: $(cat dead.ndjson)"
sed -n 1p dead.ndjson | grep -q '^{"reason":"invalid JSON: [^"]*","file":"in.ndjson","line":2,"offset":15,"text":"{\\"ts\\": oops}"}$' || fail "line 2 record: $(sed -n 1p dead.ndjson)"
sed -n 2p dead.ndjson | grep -q '^{"reason":"missing time","file":"in.ndjson","line":3,"offset":28,"text":"{\\"a\\":2}"}$' || fail "line 3 record: $(sed -n 2p dead.ndjson)"
sed -n 3p dead.ndjson | grep -q '^{"reason":"invalid UTF-8","file":"in.ndjson","line":4,"offset":36,"base64":"//4="}$' || fail "line 4 record: $(sed -n 3p dead.ndjson)"
python3 -c 'import json,sys; [json.loads(l) for l in open("dead.ndjson")]' || fail "dead letters are not strict JSON"
