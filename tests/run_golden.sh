#!/usr/bin/env bash
# Runs every golden case under tests/golden/<case>/ against an eddy binary and compares
# stdout, exit code and (when given) stderr byte for byte with the hand-written expectations.
#
# usage: tests/run_golden.sh EDDY_BINARY [CASE_NAME ...]
#   A case holds pipeline.toml, input.ndjson and expected.ndjson, optionally
#   args (extra command-line words), expected.exit (default 0), expected.stderr, and
#   cmd: a bash script run in the case dir with $EDDY set, replacing the default command.
set -u

if [ $# -lt 1 ]; then
    echo "usage: $0 EDDY_BINARY [CASE ...]" >&2
    exit 64
fi

EDDY=$1
shift
case $EDDY in
    /*) ;;
    *) EDDY=$PWD/$EDDY ;;  # the cases run in their own directories
esac
if [ ! -x "$EDDY" ]; then
    echo "golden: '$EDDY' is not an executable" >&2
    exit 64
fi
export EDDY

golden_dir=$(cd "$(dirname "$0")/golden" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/eddy-golden.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

passed=0
failed=0

# A hung eddy must not hang the suite: each case gets a time limit when coreutils has one.
limit=()
if command -v timeout >/dev/null 2>&1; then
    limit=(timeout 60)
fi

# Keeps failure reports short: a case with a big diff should not bury the others.
show_diff() {
    diff -u --label "expected $1" --label "actual $1" "$2" "$3" | head -n 40
}

if [ $# -gt 0 ]; then
    cases=("$@")
else
    cases=()
    while IFS= read -r d; do
        cases+=("$d")
    done < <(cd "$golden_dir" && for d in */; do [ -d "$d" ] && echo "${d%/}"; done | LC_ALL=C sort)
fi

for name in "${cases[@]}"; do
    dir=$golden_dir/$name
    if [ ! -d "$dir" ]; then
        echo "FAIL $name: no such case"
        failed=$((failed + 1))
        continue
    fi
    out=$scratch/stdout
    err=$scratch/stderr
    if [ -f "$dir/cmd" ]; then
        (cd "$dir" && "${limit[@]}" bash ./cmd) </dev/null >"$out" 2>"$err"
        code=$?
    else
        args=()
        if [ -f "$dir/args" ]; then
            read -r -d '' -a args <"$dir/args" || true  # all words, any number of lines
        fi
        (cd "$dir" && "${limit[@]}" "$EDDY" run pipeline.toml input.ndjson "${args[@]}") </dev/null >"$out" 2>"$err"
        code=$?
    fi

    want_exit=0
    if [ -f "$dir/expected.exit" ]; then
        want_exit=$(tr -d ' \t\r\n' <"$dir/expected.exit")
    fi
    want_out=$dir/expected.ndjson
    if [ ! -f "$want_out" ]; then
        want_out=$scratch/empty
        : >"$want_out"
    fi

    problems=()
    details=""
    if [ "$code" = 124 ] && [ ${#limit[@]} -gt 0 ]; then
        problems+=("timed out after 60s")
    elif [ "$code" != "$want_exit" ]; then
        problems+=("exit $code, expected $want_exit")
    fi
    if ! cmp -s "$want_out" "$out"; then
        problems+=("stdout differs")
        details+=$(show_diff stdout "$want_out" "$out")$'\n'
    fi
    if [ -f "$dir/expected.stderr" ] && ! cmp -s "$dir/expected.stderr" "$err"; then
        problems+=("stderr differs")
        details+=$(show_diff stderr "$dir/expected.stderr" "$err")$'\n'
    fi

    if [ ${#problems[@]} -eq 0 ]; then
        echo "ok $name"
        passed=$((passed + 1))
    else
        summary=$(IFS=';'; echo "${problems[*]}")
        echo "FAIL $name: ${summary//;/; }"
        if [ -n "$details" ]; then
            printf '%s' "$details" | sed 's/^/    /'
        fi
        if [ "$code" != "$want_exit" ] && [ ! -f "$dir/expected.stderr" ] && [ -s "$err" ]; then
            echo "    stderr:"
            head -c 300 "$err" | head -n 3 | sed 's/^/      /'
        fi
        failed=$((failed + 1))
    fi
done

echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
