# The same input gives the same bytes through stdin and as a file, with any --threads,
# split across several input files, and gzip/zstd compressed (SPEC §1, §4).
source "$(dirname "$0")/lib.bash"
write_pipeline; write_input
"$EDDY" run p.toml in.ndjson > file.out 2>/dev/null || fail "file run"
[ "$(wc -l < file.out)" -gt 100 ] || fail "too few rows: $(wc -l < file.out)"
"$EDDY" run p.toml < in.ndjson > stdin.out 2>/dev/null || fail "stdin run"
same_file file.out stdin.out
"$EDDY" run p.toml - < in.ndjson > dash.out 2>/dev/null || fail "dash run"
same_file file.out dash.out
for n in 1 2 4; do
  "$EDDY" run p.toml in.ndjson --threads $n > threads$n.out 2>/dev/null || fail "threads $n"
  same_file file.out threads$n.out
done
head -n 1000 in.ndjson > a.ndjson; tail -n +1001 in.ndjson > b.ndjson
"$EDDY" run p.toml a.ndjson b.ndjson > split.out 2>/dev/null || fail "split run"
same_file file.out split.out
gzip -c in.ndjson > in.ndjson.gz; zstd -q -c in.ndjson > in.ndjson.zst
"$EDDY" run p.toml in.ndjson.gz > gz.out 2>/dev/null || fail "gzip run"
same_file file.out gz.out
"$EDDY" run p.toml in.ndjson.zst > zst.out 2>/dev/null || fail "zstd run"
same_file file.out zst.out
gzip -c in.ndjson | "$EDDY" run p.toml > gzpipe.out 2>/dev/null || fail "gzip pipe run"
same_file file.out gzpipe.out
