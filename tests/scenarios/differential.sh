# Differential test: eddy against the executable model of SPEC (tests/model/eddy_model.py) on 1200
# random small pipelines and inputs from fixed seeds; stdout and late_output must agree byte for byte.
source "$(dirname "$0")/lib.bash"
model_dir=$(cd "$(dirname "$0")/../model" && pwd)
python3 -c 'import tomllib' 2>/dev/null || fail "the model needs python3 >= 3.11 (tomllib)"
python3 "$model_dir/gen_cases.py" "$EDDY" --count 1200 --show 2 \
  || fail "eddy and the model differ (one case alone: python3 $model_dir/gen_cases.py \$EDDY --first I --count 1; decide from SPEC which side is right)"
