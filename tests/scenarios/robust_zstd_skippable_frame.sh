# A zstd input that starts with a skippable frame (magic 0x184D2A5?, as pzstd and the seekable
# format write) is zstd too (SPEC §1: recognised by magic bytes), not text whose every line is
# invalid and silently skipped.
source "$(dirname "$0")/lib.bash"
command -v zstd >/dev/null || { echo "zstd not installed: skipped"; exit 0; }
printf '' > pass.toml
printf '{"ts":1714557600,"id":1}\n{"ts":1714557601,"id":2}\n' > plain.ndjson
# 8-byte header (magic 0x184D2A50 little-endian, length 4) + 4 bytes of user data, then a frame.
printf '\x50\x2a\x4d\x18\x04\x00\x00\x00abcd' > in.zst
zstd -q -c plain.ndjson >> in.zst
zstd -q -d -c in.zst | cmp -s - plain.ndjson || fail "test data: zstd itself does not read in.zst back"
code=0
"$EDDY" run pass.toml in.zst > out.ndjson 2> stderr.txt || code=$?
[ "$code" = 0 ] || fail "exit $code: $(head -c 300 stderr.txt)"
same_file plain.ndjson out.ndjson
exit 0
