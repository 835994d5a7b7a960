# tail -F style: rows appear on the output as soon as their window fires, while the input
# pipe is still open and idle (output is flushed whenever the reader would block).
source "$(dirname "$0")/lib.bash"
write_pipeline
mkfifo in.fifo
"$EDDY" run p.toml < in.fifo > out.ndjson 2>/dev/null &
pid=$!
exec 3> in.fifo
echo '{"ts":"2024-05-01T10:00:01Z","user":"a","bytes":1}' >&3
sleep 0.3
echo '{"ts":"2024-05-01T10:00:02Z","user":"b","bytes":2}' >&3
sleep 0.3
[ -s out.ndjson ] && fail "a row appeared before any window closed"
# W = 10:01:10 - 5s = 10:01:05 >= 10:01:00: both minute-0 windows fire now.
echo '{"ts":"2024-05-01T10:01:10Z","user":"a","bytes":3}' >&3
for i in $(seq 100); do [ "$(wc -l < out.ndjson)" -ge 2 ] && break; sleep 0.05; done
[ "$(wc -l < out.ndjson)" -eq 2 ] || fail "rows did not arrive while the pipe was open: $(cat out.ndjson)"
kill -0 $pid 2>/dev/null || fail "eddy exited before end of input"
exec 3>&-
wait $pid || fail "eddy failed"
[ "$(wc -l < out.ndjson)" -eq 3 ] || fail "the drain at end of input did not emit the last window"
grep -q '"user":"a","window_start":"2024-05-01T10:01:00.000Z"' out.ndjson || fail "last row wrong: $(tail -1 out.ndjson)"
