#!/usr/bin/env bash
# `make bench`: times eddy and its peers (jq, Miller, DuckDB) on one per-user, per-minute
# aggregation over a generated 1,000,000-event input and checks that they all agree.
#
# usage: bench/run.sh EDDY_BINARY
# environment: BENCH_EVENTS (default 1000000), BENCH_RUNS (best of, default 3),
#              BENCH_TOOLS (default "eddy jq mlr duckdb"), BENCH_CHECK=0 skips the cross-check.
set -uo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 EDDY_BINARY" >&2
    exit 64
fi
EDDY=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/out
EVENTS=${BENCH_EVENTS:-1000000}
RUNS=${BENCH_RUNS:-3}
TOOLS=${BENCH_TOOLS:-eddy jq mlr duckdb}
CONFIG=$ROOT/configs/clicks_per_minute.toml
GEN=$ROOT/samples/gen_clicks.py
GEN_ARGS=(--events "$EVENTS" --bad-every 0 --late-fraction 0 --seed 42)
INPUT=$OUT/clicks_$EVENTS.ndjson
mkdir -p "$OUT"
status=0

note() { echo "bench: $*" >&2; }

# --- peers: jq and Miller are Debian packages; install what is missing --------------------
install_missing() {
    local missing=()
    command -v jq >/dev/null || missing+=(jq)
    command -v mlr >/dev/null || missing+=(miller)
    [ ${#missing[@]} -eq 0 ] && return
    note "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ||
        note "could not install ${missing[*]}; those peers are skipped"
}
install_missing

# --- the input: made once, remade only when the generator or its arguments change ---------
stamp="$(sha256sum "$GEN" | cut -c1-16) ${GEN_ARGS[*]}"
if [ ! -s "$INPUT" ] || [ "$(cat "$INPUT.stamp" 2>/dev/null)" != "$stamp" ]; then
    note "generating $EVENTS events into ${INPUT#"$ROOT"/} (once; cached)"
    python3 "$GEN" "${GEN_ARGS[@]}" > "$INPUT.tmp" && mv "$INPUT.tmp" "$INPUT" && echo "$stamp" > "$INPUT.stamp" ||
        { note "generator failed"; exit 70; }
fi
BYTES=$(stat -c %s "$INPUT")

# --- the contenders: each writes its result rows to $1 -----------------------------------
# All compute, per user and UTC minute: count of events, sum of bytes, mean of latency_ms.
# The peers take the minute from the text of ts (its first 16 characters, "2024-05-01T10:00"),
# which is exact for this input's UTC times and cheaper than parsing them; eddy parses
# every time and runs its watermark (5 s out-of-orderness; the input has no late events).

run_eddy() {
    "$EDDY" run "$CONFIG" "$INPUT" > "$1"
}

# jq: a streaming reduce over the input into one object keyed by "user minute" (memory grows
# with the groups, not the input); slurping and group_by is slower and needs ~1 GB here.
JQ_PROGRAM='reduce inputs as $e ({};
    ($e.user + " " + $e.ts[0:16]) as $k | .[$k] as $o
    | .[$k] = (if $o == null then [$e.user, $e.ts[0:16], 1, $e.bytes, $e.latency_ms]
               else [$o[0], $o[1], $o[2] + 1, $o[3] + $e.bytes, $o[4] + $e.latency_ms] end))
  | .[] | {user: .[0], minute: .[1], events: .[2], bytes: .[3], avg_latency: (.[4] / .[2])}'
run_jq() {
    jq -nc "$JQ_PROGRAM" "$INPUT" > "$1"
}

# Miller 6: put adds the minute, stats1 aggregates per (user, minute); it computes all three
# statistics for both fields, and cut/rename keep the three we want.
run_mlr() {
    mlr --ijsonl --ojsonl \
        put '$minute = substr1($ts, 1, 16)' \
        then stats1 -a count,sum,mean -f bytes,latency_ms -g user,minute \
        then cut -o -f user,minute,bytes_count,bytes_sum,latency_ms_mean \
        then rename bytes_count,events,bytes_sum,bytes,latency_ms_mean,avg_latency \
        "$INPUT" > "$1"
}

# DuckDB (if a duckdb binary is on PATH): one GROUP BY over read_json, all cores.
DUCKDB_SQL="SELECT \"user\", substr(ts, 1, 16) AS minute, count(*) AS events, sum(bytes) AS bytes,
       avg(latency_ms) AS avg_latency
FROM read_json('$INPUT', format = 'newline_delimited',
               columns = {'ts': 'VARCHAR', 'user': 'VARCHAR', 'bytes': 'BIGINT', 'latency_ms': 'DOUBLE'})
GROUP BY ALL"
run_duckdb() {
    duckdb -csv -noheader -c "$DUCKDB_SQL" > "$1"
}

available() {
    case $1 in
        eddy) [ -x "$EDDY" ] || { echo "no eddy binary at $EDDY"; return 1; } ;;
        jq) command -v jq >/dev/null || { echo "jq not installed"; return 1; } ;;
        mlr) command -v mlr >/dev/null || { echo "mlr (Miller) not installed"; return 1; } ;;
        duckdb) command -v duckdb >/dev/null || { echo "no duckdb binary on PATH"; return 1; } ;;
    esac
}

version_of() {
    case $1 in
        eddy) "$EDDY" --version 2>&1 | head -n 1 ;;
        jq) jq --version 2>&1 ;;
        mlr) mlr --version 2>&1 ;;
        duckdb) duckdb --version 2>&1 | head -n 1 ;;
    esac
}

# Wall time of one run, in seconds, with peak RSS in KiB when /usr/bin/time is there.
# Prints "SECONDS RSS_KIB" (RSS "-" when unknown); returns the tool's exit status.
time_once() {
    local tool=$1 dest=$2 rc t0 t1 rss=-
    t0=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f %M -o "$OUT/.rss" bash -c "$(declare -f "run_$tool"); $(declare -p EDDY CONFIG INPUT JQ_PROGRAM DUCKDB_SQL); run_$tool \"\$1\"" _ "$dest"
        rc=$?
        rss=$(tail -n 1 "$OUT/.rss" 2>/dev/null)
        [[ $rss =~ ^[0-9]+$ ]] || rss=-
    else
        "run_$tool" "$dest"
        rc=$?
    fi
    t1=$(date +%s.%N)
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') $rss"
    return $rc
}

# Result rows as sorted "user minute events bytes avg" lines, avg to 6 decimals, so that tools
# that print floats differently still compare equal.
normalise() {
    local tool=$1 file=$2
    if [ "$tool" = duckdb ]; then
        awk -F, '{ printf "%s\t%s\t%s\t%s\t%.6f\n", $1, $2, $3, $4, $5 }' "$file"
    else
        jq -r '[.user, (.minute // .window_start[0:16]), .events, .bytes, .avg_latency] | @tsv' "$file" |
            awk -F'\t' '{ printf "%s\t%s\t%s\t%s\t%.6f\n", $1, $2, $3, $4, $5 }'
    fi | LC_ALL=C sort
}

printf 'input: %s, %s events, %.1f MB; best of %s runs; %s cores\n' \
    "${INPUT#"$ROOT"/}" "$EVENTS" "$(awk -v b="$BYTES" 'BEGIN { print b / 1e6 }')" "$RUNS" "$(nproc)"
printf 'aggregation: per user per 1-minute tumbling window: count, sum(bytes), avg(latency_ms)\n\n'
printf '%-8s %9s %12s %9s %11s  %s\n' tool seconds events/s MB/s 'max RSS MB' version
rows_line=()
for tool in $TOOLS; do
    if ! why=$(available "$tool"); then
        printf '%-8s %9s  %s\n' "$tool" skipped "($why)"
        [ "$tool" = eddy ] && status=1
        continue
    fi
    best="" best_rss=-
    failed=0
    for ((i = 1; i <= RUNS; i++)); do
        if ! r=$(time_once "$tool" /dev/null); then
            failed=1
            break
        fi
        read -r secs rss <<< "$r"
        if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$secs best_rss=$rss
        fi
    done
    if [ $failed = 1 ]; then
        printf '%-8s %9s  %s\n' "$tool" failed "(non-zero exit; run it by hand to see why)"
        status=1
        continue
    fi
    awk -v t="$tool" -v s="$best" -v n="$EVENTS" -v b="$BYTES" -v r="$best_rss" -v v="$(version_of "$tool")" 'BEGIN {
        if (s <= 0) s = 0.001
        rss = (r == "-") ? "-" : sprintf("%.0f", r / 1024)
        printf "%-8s %9.3f %12.0f %9.1f %11s  %s\n", t, s, n / s, b / 1e6 / s, rss, v
    }'
    rows_line+=("$tool")
done

# --- cross-check: one more, untimed run of each tool into bench/out/<tool>.out ------------
if [ "${BENCH_CHECK:-1}" != 0 ] && [ ${#rows_line[@]} -gt 0 ]; then
    echo
    ref="" ref_rows=""
    for tool in "${rows_line[@]}"; do
        "run_$tool" "$OUT/$tool.out" || { note "$tool failed on the check run"; status=1; continue; }
        normalise "$tool" "$OUT/$tool.out" > "$OUT/$tool.norm"
        rows=$(wc -l < "$OUT/$tool.norm")
        echo "check: $tool: $rows rows (groups)"
        if [ -z "$ref" ]; then
            ref=$tool ref_rows=$rows
            continue
        fi
        if [ "$rows" != "$ref_rows" ]; then
            echo "WARNING: $tool has $rows groups but $ref has $ref_rows rows: they did not compute the same thing"
            status=1
        elif ! cmp -s "$OUT/$ref.norm" "$OUT/$tool.norm"; then
            echo "WARNING: $tool and $ref have the same number of rows but different values; first difference:"
            diff "$OUT/$ref.norm" "$OUT/$tool.norm" | head -n 4
            status=1
        fi
    done
    if [ $status = 0 ]; then
        echo "check: all tools agree on every (user, minute, events, bytes, avg_latency) row"
    fi
fi
exit $status
