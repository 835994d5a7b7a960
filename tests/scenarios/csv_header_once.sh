# csv output writes its header once per output file: a second run appending to the same -o
# (with a state dir, or without) adds rows only; a crash before the first checkpoint leaves no
# half header behind (the file is cut back to its committed length, then the header is new).
source "$(dirname "$0")/lib.bash"
cat > p.toml <<'TOML'
[watermark]
max_out_of_orderness = "0s"
[output]
format = "csv"
[[stage]]
op = "key_by"
fields = ["u"]
[[stage]]
op = "window"
type = "tumbling"
size = "1m"
[stage.aggregate]
n = "count()"
TOML
printf '{"ts":"2024-05-01T10:00:01Z","u":"a"}\n{"ts":"2024-05-01T10:01:01Z","u":"a"}\n' > in1.ndjson
printf '{"ts":"2024-05-01T10:02:01Z","u":"b"}\n' > in2.ndjson
"$EDDY" run p.toml in1.ndjson --state st -o out.csv --quiet || fail "first run"
"$EDDY" run p.toml in2.ndjson --state st -o out.csv --quiet --drain || fail "second run"
printf '%s\n' 'u,window_start,window_end,n' \
  'a,2024-05-01T10:00:00.000Z,2024-05-01T10:01:00.000Z,1' \
  'a,2024-05-01T10:01:00.000Z,2024-05-01T10:02:00.000Z,1' \
  'b,2024-05-01T10:02:00.000Z,2024-05-01T10:03:00.000Z,1' > want.csv
same_file out.csv want.csv
# Without state, appending to a file that has rows adds no second header.
"$EDDY" run p.toml in2.ndjson -o plain.csv --quiet && "$EDDY" run p.toml in2.ndjson -o plain.csv --quiet || fail "plain runs"
[ "$(grep -c '^u,' plain.csv)" = 1 ] || fail "plain.csv has $(grep -c '^u,' plain.csv) headers"
[ "$(wc -l < plain.csv)" = 3 ] || fail "plain.csv has $(wc -l < plain.csv) lines"
# --format on the command line is checked like the file's: a pass-through pipeline has no columns.
printf '[[stage]]\nop = "filter"\nwhere = "true"\n' > f.toml
expect_exit 78 "$EDDY" run f.toml in1.ndjson --format tsv
grep -q 'need rows of a fixed shape' stderr.txt || fail "message: $(cat stderr.txt)"
echo "csv_header_once: ok"
