#!/usr/bin/env bash
# Runs every suite (unit, golden, scenarios) even when one fails, then one total line:
# "total: N passed, N failed". Exit status is non-zero when anything failed or ran nothing.
set -u -o pipefail
BUILD=${1:?usage: run_all.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
status=0
"$BUILD/eddy_unit" 2>&1 | tee -a "$log" || status=1
"$here/run_golden.sh" "$BUILD/eddy" 2>&1 | tee -a "$log" || status=1
"$here/run_scenarios.sh" "$BUILD/eddy" 2>&1 | tee -a "$log" || status=1
read -r passed failed < <(grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed$' "$log" |
  awk '{p += $2; f += $4} END {print p + 0, f + 0}')
rm -f "$log"
echo "total: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
