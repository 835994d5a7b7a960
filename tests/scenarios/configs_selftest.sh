# Every example pipeline in configs/ is valid and its [[test]] cases pass (`eddy test`), so
# the recipes the README and the man page point to keep working. Files without cases are
# run too: `eddy test` reports "no [[test]] cases" and exits 0 for them, and a file that no
# longer loads exits 78.
source "$(dirname "$0")/lib.bash"
configs=$(cd "$(dirname "$0")/../../configs" && pwd) || fail "no configs/ directory"
shopt -s nullglob
files=("$configs"/*.toml)
[ "${#files[@]}" -gt 0 ] || fail "no pipeline files in $configs"
cases=0
for f in "${files[@]}"; do
  name=${f#"$configs"/}
  "$EDDY" test "$f" > out.txt 2> err.txt; code=$?
  [ "$code" = 0 ] || fail "configs/$name: eddy test exited $code: $(grep -v '^ok ' out.txt | head -c 600) $(head -c 300 err.txt)"
  grep -q '^FAIL' out.txt && fail "configs/$name: $(grep -A2 '^FAIL' out.txt | head -c 600)"
  n=$(grep -c '^ok ' out.txt)
  if grep -q '^\[\[test\]\]' "$f"; then
    [ "$n" -gt 0 ] || fail "configs/$name has [[test]] tables but no case passed: $(cat out.txt)"
  fi
  cases=$((cases + n))
done
[ "$cases" -gt 0 ] || fail "no [[test]] case ran in configs/"
exit 0
