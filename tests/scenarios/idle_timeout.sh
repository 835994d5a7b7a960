# idle_timeout (SPEC §3): once no event has arrived for that long of wall time, W moves on with
# the wall clock since the last event (W = latest event time + wall time since it - disorder).
# Cron runs with --now as the clock, a run without a state dir at its end, and a live pipe.
source "$(dirname "$0")/lib.bash"
cat > p.toml <<'TOML'
[watermark]
idle_timeout = "10m"
[[stage]]
op = "key_by"
fields = ["u"]
[[stage]]
op = "window"
type = "session"
gap = "30m"
[stage.aggregate]
n = "count()"
TOML
printf '%s\n' '{"ts":"2024-05-01T09:50:00Z","u":"a"}' '{"ts":"2024-05-01T10:00:00Z","u":"a"}' > ev.ndjson
row='{"u":"a","window_start":"2024-05-01T09:50:00.000Z","window_end":"2024-05-01T10:30:00.000Z","n":2}'
# Run 1 at wall 10:05 reads both events (W 10:00); run 2 at 10:20 finds nothing new: idle for
# 15 min, W = 10:00 + 15 min = 10:15 < 10:30; run 3 at 10:40: W = 10:35 closes the session.
"$EDDY" run p.toml ev.ndjson --state st --now 2024-05-01T10:05:00Z > out1 || fail "run 1"
[ ! -s out1 ] || fail "run 1 printed $(cat out1)"
"$EDDY" run p.toml ev.ndjson --state st --now 2024-05-01T10:08:00Z > out2 || fail "run 2"
[ ! -s out2 ] || fail "3 min idle (< 10m) closed something: $(cat out2)"
"$EDDY" run p.toml ev.ndjson --state st --now 2024-05-01T10:20:00Z > out3 || fail "run 3"
[ ! -s out3 ] || fail "W 10:15 closed the session ending 10:30: $(cat out3)"
"$EDDY" state info --state st | grep -q 'watermark 2024-05-01T10:15:00.000Z' || fail "W after 15 min idle: $("$EDDY" state info --state st)"
"$EDDY" run p.toml ev.ndjson --state st --now 2024-05-01T10:40:00Z > out4 || fail "run 4"
[ "$(cat out4)" = "$row" ] || fail "idle 35 min: got [$(cat out4)]"
# A live pipe: the session's row appears while the producer is still silent, not at its end.
cat > live.toml <<'TOML'
[watermark]
idle_timeout = "300ms"
[[stage]]
op = "window"
type = "session"
gap = "1s"
[stage.aggregate]
n = "count()"
TOML
now=$(date +%s)
( printf '{"ts":%d}\n' "$now"; sleep 4; printf '{"ts":%d}\n' $((now + 100)) ) | "$EDDY" run live.toml > live.out &
pid=$!
sleep 3
[ "$(wc -l < live.out)" = 1 ] || fail "no row while the pipe was idle (got $(wc -l < live.out) lines)"
wait $pid || fail "live run exit $?"
[ "$(wc -l < live.out)" = 2 ] || fail "live run: $(cat live.out)"
