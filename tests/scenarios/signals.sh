# SIGTERM / SIGINT / SIGHUP while eddy waits on an idle pipe: it stops at once, rows that
# already fired are on the output, open windows are not drained, exit 143 / 130 / 129.
source "$(dirname "$0")/lib.bash"
write_pipeline
for sig in TERM:143 INT:130 HUP:129; do
  name=${sig%%:*}; want=${sig##*:}
  rm -f in.fifo out.ndjson; mkfifo in.fifo
  "$EDDY" run p.toml < in.fifo > out.ndjson 2>/dev/null &
  pid=$!
  exec 3> in.fifo
  echo '{"ts":"2024-05-01T10:00:01Z","user":"a","bytes":1}' >&3
  echo '{"ts":"2024-05-01T10:01:10Z","user":"a","bytes":2}' >&3   # fires minute 10:00
  for i in $(seq 100); do [ -s out.ndjson ] && break; sleep 0.05; done
  kill -$name $pid
  for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
  kill -0 $pid 2>/dev/null && { kill -9 $pid; fail "SIG$name: eddy still running on an idle pipe"; }
  wait $pid; code=$?
  exec 3>&-
  [ "$code" = "$want" ] || fail "SIG$name: exit $code, expected $want"
  [ "$(wc -l < out.ndjson)" = 1 ] || fail "SIG$name: expected only the fired row, got: $(cat out.ndjson)"
done
