# Input cursors (SPEC §6, issue 7), with a pass-through pipeline so that each run's stdout is
# exactly the lines it read: appended lines only on the next run; nothing new, nothing out; a
# final line without "\n" waits for the next run unless --drain; rotation (a new file at the same
# path, read from its start: new content, and also a new file that begins with the same bytes);
# truncation in place (same inode, same first bytes, shorter than the cursor: read from the
# start, with an "eddy: warning:" line naming the file on stderr); compressed inputs (gzip,
# zstd) are consumed whole and remembered by fingerprint: the same .gz again, or renamed as
# logrotate does, reads nothing; a new .gz is read whole, next to the plain file's cursor.
# About 2 s.
source "$(dirname "$0")/lib.bash"
: > p.toml   # no stateful stage: every valid record passes through; the state holds the cursors
gen() {  # gen TAG FROM TO: one line per number, TAG in the first bytes
  local i
  for ((i = $2; i <= $3; i++)); do printf '{"n":"%s%d","ts":%d}\n' "$1" "$i" $((1714557600 + i)); done
}
run() {  # run ARGS...: eddy run p.toml ARGS --state st > got.ndjson, must exit 0
  "$EDDY" run p.toml "$@" --state st > got.ndjson 2> err.txt; local code=$?
  [ "$code" = 0 ] || fail "run $* exited $code: $(head -c 300 err.txt)"
}
expect_out() {  # expect_out WHAT: got.ndjson must equal want.ndjson
  cmp -s got.ndjson want.ndjson || fail "$1: got [$(head -c 300 got.ndjson)], want [$(head -c 300 want.ndjson)]"
}
inode() { stat -c %i "$1"; }

gen A 1 5 > in.ndjson
run in.ndjson; gen A 1 5 > want.ndjson; expect_out "first run"
gen A 6 8 >> in.ndjson
run in.ndjson; gen A 6 8 > want.ndjson; expect_out "appended lines"
run in.ndjson; : > want.ndjson; expect_out "nothing appended"
[ ! -s err.txt ] || fail "a run with nothing new warned: $(head -c 300 err.txt)"

# A final line without "\n" waits; completed, it is read once.
printf '{"n":"A9",' >> in.ndjson
run in.ndjson; : > want.ndjson; expect_out "half a line"
printf '"ts":1714557609}\n' >> in.ndjson
run in.ndjson; printf '{"n":"A9","ts":1714557609}\n' > want.ndjson; expect_out "the completed line"
printf '{"n":"A10","ts":1714557610}' >> in.ndjson   # a whole object, no "\n" yet
run in.ndjson; : > want.ndjson; expect_out "a complete object without newline, no --drain"
run in.ndjson --drain; printf '{"n":"A10","ts":1714557610}\n' > want.ndjson; expect_out "--drain reads the final line"
printf '\n{"n":"A11","ts":1714557611}\n' >> in.ndjson
run in.ndjson; printf '{"n":"A11","ts":1714557611}\n' > want.ndjson; expect_out "after a drained final line"

# Rotation: the file moves away, a new one (longer than the old cursor) takes its path.
old_inode=$(inode in.ndjson)
mv in.ndjson in.ndjson.1
gen B 1 40 > in.ndjson
[ "$(inode in.ndjson)" != "$old_inode" ] || fail "test setup: the rotated file kept its inode"
run in.ndjson; gen B 1 40 > want.ndjson; expect_out "a rotated file is read from its start"
grep -qi truncat err.txt && fail "rotation was reported as truncation: $(head -c 300 err.txt)"
# Rotation to a new file that begins with the same bytes (a new inode, identical first lines).
mv in.ndjson in.ndjson.2
{ gen B 1 40; gen B 41 42; } > in.ndjson
run in.ndjson; gen B 1 42 > want.ndjson; expect_out "a new file with the old first bytes is read from its start"

# Truncation in place: same inode, same first bytes, shorter than the cursor.
ino=$(inode in.ndjson)
head -n 3 in.ndjson > keep.ndjson
cat keep.ndjson > in.ndjson
gen C 1 1 >> in.ndjson
[ "$(inode in.ndjson)" = "$ino" ] || fail "test setup: truncation changed the inode"
run in.ndjson; { gen B 1 3; gen C 1 1; } > want.ndjson; expect_out "a truncated file is read from its start"
grep -q '^eddy: warning: .*in.ndjson' err.txt ||
  fail "no warning naming in.ndjson about its truncation on stderr: $(head -c 300 err.txt)"
gen C 2 3 >> in.ndjson
run in.ndjson; gen C 2 3 > want.ndjson; expect_out "appended after the truncation"

# Compressed files: consumed whole, remembered.
gen G 1 4 | gzip -c > app.2.gz
run app.2.gz; gen G 1 4 > want.ndjson; expect_out "a new .gz is read whole"
run app.2.gz; : > want.ndjson; expect_out "the same .gz again"
gen H 1 3 | gzip -c > app.1.gz
gen C 4 5 >> in.ndjson
run app.2.gz app.1.gz in.ndjson; { gen H 1 3; gen C 4 5; } > want.ndjson; expect_out "old .gz, new .gz and the plain file together"
run app.2.gz app.1.gz in.ndjson; : > want.ndjson; expect_out "all of them again"
if command -v zstd > /dev/null; then
  gen Z 1 3 | zstd -q -c > app.3.zst
  run app.3.zst; gen Z 1 3 > want.ndjson; expect_out "a new .zst is read whole"
  run app.3.zst; : > want.ndjson; expect_out "the same .zst again"
fi
# logrotate renumbers: app.2.gz becomes app.3.gz, app.1.gz becomes app.2.gz. Remembered by
# fingerprint (issue 7), not by path: nothing is read again.
mv app.2.gz app.3.gz && mv app.1.gz app.2.gz
run app.3.gz app.2.gz in.ndjson; : > want.ndjson; expect_out "the same .gz files under new names"
exit 0
