#!/usr/bin/env bash
# Runs every tests/scenarios/*.sh with EDDY set to the binary; each script exits 0 when its
# scenario holds. Ends with "scenarios: N passed, N failed".
set -u
EDDY=$(realpath "${1:?usage: run_scenarios.sh EDDY_BINARY}")
export EDDY
here=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0
for script in "$here"/scenarios/*.sh; do
  name=$(basename "$script" .sh)
  work=$(mktemp -d)
  if out=$(cd "$work" && timeout 120 bash "$script" 2>&1); then
    echo "ok $name"; passed=$((passed + 1))
  else
    echo "FAIL $name"; echo "$out" | sed 's/^/    /' | head -30; failed=$((failed + 1))
  fi
  rm -rf "$work"
done
echo "scenarios: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
