# Differential test: eddy against the executable model of SPEC (tests/model/eddy_model.py), byte for
# byte (stdout, late_output, exit code), on random cases from fixed seeds: 1200 small tumbling/sliding
# cases, and 200 larger cases (150-3500 events each; over 100,000 events per operator) for session
# windows, dedup, sessionize and their chains; filter and select stages are inserted anywhere in both
# (about 160,000 events each through a filter and a select). Two processes; 30-60 s on 2 cores.
# Ends with "differential: N passed, N failed".
source "$(dirname "$0")/lib.bash"
model_dir=$(cd "$(dirname "$0")/../model" && pwd)
python3 -c 'import tomllib' 2>/dev/null || fail "the model needs python3 >= 3.11 (tomllib)"
python3 -c 'import ctypes; ctypes.CDLL("libxxhash.so.0")' 2>/dev/null \
  || fail "the model needs libxxhash.so.0 for sessionize ids (make deps installs libxxhash-dev)"
out=$(python3 "$model_dir/gen_cases.py" "$EDDY" --cases 1-1200,100001-100200 --show 2 --jobs 2)
status=$?
printf '%s\n' "$out" | sed '$d'
[ "$status" -eq 0 ] || echo "FAILED: eddy and the model differ (one case alone: python3 $model_dir/gen_cases.py \$EDDY --cases I [--reduce]; decide from SPEC.md, docs/stateful-stages.md and docs/filter-select.md which side is right)" >&2
printf '%s\n' "$out" | tail -n 1
exit "$status"
