# A pipeline file with a very long dotted key (a.a.a...: 100000 levels of tables) must be a
# configuration error, not a stack overflow inside the TOML parser (SIGSEGV, exit 139).
source "$(dirname "$0")/lib.bash"
python3 -c "print('.'.join(['a'] * 100000) + ' = 1')" > key.toml
python3 -c "print('[' + '.'.join(['a'] * 100000) + ']')" > header.toml
for f in key.toml header.toml; do
  code=0
  timeout -s KILL 60 "$EDDY" check "$f" > /dev/null 2> stderr.txt || code=$?
  [ "$code" = 78 ] || fail "$f: exit $code, expected 78: $(head -c 300 stderr.txt)"
  [ "$(wc -l < stderr.txt)" = 1 ] || fail "$f: message is not one line"
  grep -q "^eddy: $f:[0-9]*:[0-9]*: " stderr.txt || fail "$f: message: $(head -c 300 stderr.txt)"
done
exit 0
