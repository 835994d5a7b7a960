#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz into OUT_DIR (default /tmp/eddy-fuzz) with clang,
# ASan and UBSan. Not part of `make test`; see tests/fuzz/README.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../src" && pwd)
out=${1:-/tmp/eddy-fuzz}
mkdir -p "$out"
CXX=${CXX:-clang++}
flags=(-std=c++20 -g -O1 -march=native -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -I"$src")
absl=(-labsl_time -labsl_time_zone -labsl_civil_time -labsl_int128 -labsl_base -labsl_spinlock_wait
      -labsl_raw_logging_internal -labsl_strings -labsl_throw_delegate -labsl_str_format_internal)

"$CXX" "${flags[@]}" "$here/record_extractor_fuzz.cpp" \
    "$src/json/record_extractor.cpp" "$src/json/field_plan.cpp" "$src/json/json_escape.cpp" \
    "$src/json/number_format.cpp" "$src/config/field_path.cpp" "$src/time/time_parser.cpp" \
    "$src/time/epoch_text.cpp" "$src/time/rfc3339.cpp" \
    -o "$out/record_extractor_fuzz" -lsimdjson "${absl[@]}"
echo "built $out/record_extractor_fuzz"

# The pipeline-file side: every src/config file plus what they call.
config_sources=("$src"/config/*.cpp)
"$CXX" "${flags[@]}" -DTOML_HEADER_ONLY=0 -DTOML_SHARED_LIB=1 "$here/plan_loader_fuzz.cpp" \
    "${config_sources[@]}" "$src/agg/agg_kind.cpp" "$src/time/duration.cpp" "$src/time/time_parser.cpp" \
    "$src/time/epoch_text.cpp" "$src/time/rfc3339.cpp" "$src/core/one_line.cpp" \
    -o "$out/plan_loader_fuzz" -ltomlplusplus -lpthread "${absl[@]}"
echo "built $out/plan_loader_fuzz"
