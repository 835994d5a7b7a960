#!/usr/bin/env python3
# Generates small random pipelines and inputs from fixed seeds, runs eddy on each and compares its
# stdout and late_output with eddy_model.py byte for byte (the differential test of SPEC §3/§4/§8).
"""Usage: gen_cases.py EDDY [--count N] [--first I] [--save DIR] [--show N]

Case i uses random.Random(i), so `--first I --count 1` reproduces case I alone.
--save DIR writes every case (pipeline.toml, input.ndjson, model.out, eddy.out, late files) to DIR/<i>/.
Exits 0 when every case agrees, 1 otherwise (printing up to --show mismatching cases in full).
"""
import argparse
import concurrent.futures
import os
import random
import subprocess
import sys
import tempfile
import tomllib

sys.dont_write_bytecode = True           # keep tests/model free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eddy_model  # noqa: E402

T0 = 1714557600 * 1000              # 2024-05-01T10:00:00Z in ms
INT_VALUES = ["0", "1", "2", "3", "-4", "7", "10", "12", "20"]
HUGE_INT_VALUES = ["123456789012345678901234567891", "123456789012345678901234567890", "-18446744073709551616",
                   "18446744073709551617", "-9223372036854775809"]     # beyond int64: kept as text (rule 5)
FLOAT_VALUES = ["2.5", "0.1", "0.2", "1.50", "1.0", "1E0", "-0.5", "1e-7", "3.0", "2", "1e16", "0.3", "-0.0",
                "0.0", "9007199254740993", "9007199254740992.0", "1e308", "123.456e-2", "5e-324"]
OTHER_VALUES = ['"x"', '"5"', 'true', 'false', 'null', '{"a": 1}', '[1,2]', '"\\u00e9"', '"é"',
                '{"b":[true,null],"a":"\\/"}', '"\\u0001q\\"\\\\"', '"\\ud83d\\ude00"', '"\u2028"', '[]', '{}']
BIG_VALUES = ["9223372036854775807", "9223372036854775000", "-9223372036854775808", "4611686018427387904",
              "9007199254740993", "1", "-1", "123456789012345678901234567890", "2.5"]
USER_VALUES = ['"a"', '"b"', '"B"', '"é"', '"a b"', '1', '2', '1.0', '1.50', '1.5', 'null', None, 'true',
               '{"x":1}', '"\\t"', '"\\u001f"', '"~"', '"😀"', '"\\u00E9"', '-3', '[1, "a"]',
               '"\\uff01"', '"\\u007f"']
REGION_VALUES = ['"eu"', '"us"', '10', None, 'null']
FUNCS = ["count", "sum", "min", "max", "avg", "first", "last", "count_distinct"]


def duration(ms, rng):
    """A duration string for ms milliseconds, in one of several equivalent spellings (rule 9)."""
    if ms < 0:
        return "-%dms" % -ms if ms % 1000 else "-%ds" % (-ms // 1000)   # one part: see parse_duration
    if ms == 0:
        return rng.choice(["0s", "0ms"])
    s, rest = divmod(ms, 1000)
    forms = ["%dms" % ms, "%dus" % (ms * 1000)]
    if rest == 0:
        forms += ["%ds" % s] * 3
        if s % 60 == 0:
            forms.append("%dm" % (s // 60))
    elif s:
        forms += ["%ds%dms" % (s, rest), "%dms%ds" % (rest, s)]
    return rng.choice(forms)


def window_stage(rng, lo_ms, hi_ms):
    size = rng.choice([ms for ms in (500, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 7000, 10000, 15000, 20000,
                                     30000, 60000) if lo_ms <= ms <= hi_ms])
    lines = ['[[stage]]', 'op = "window"']
    if rng.random() < 0.5:
        lines += ['type = "tumbling"', 'size = "%s"' % duration(size, rng)]
        grid = size
    else:
        r = rng.random()
        if r < 0.4:                                   # slide divides size
            slide = size // rng.choice([d for d in (1, 2, 3, 4, 5) if size % d == 0])
        elif r < 0.75:                                # slide does not divide size
            slide = rng.choice([ms for ms in (300, 700, 1000, 1500, 2000, 3000, 4500, 6000) if ms < size]
                               or [size])
        else:                                         # slide > size: holes
            slide = size + rng.choice([250, 500, 1000, 3000, size])
        lines += ['type = "sliding"', 'size = "%s"' % duration(size, rng), 'slide = "%s"' % duration(slide, rng)]
        grid = slide
    if rng.random() < 0.6:
        off = rng.choice([0, 250, 500, 1000, grid // 2, grid + 250, -250, -(grid // 3), 3 * grid + 100])
        lines.append('offset = "%s"' % duration(off, rng))
    return lines, size


def aggregates(rng, fields, n_lo=1, n_hi=5):
    names, out = set(), []
    for _ in range(rng.randint(n_lo, n_hi)):
        fn = rng.choice(FUNCS)
        if fn == "count":
            name, text = "n", "count()"
        else:
            f = rng.choice(fields)
            name, text = "%s_%s" % (fn, f), "%s(%s)" % (fn, f)
        base, i = name, 2
        while name in names:
            name, i = "%s%d" % (base, i), i + 1
        names.add(name)
        out.append((name, fn, text))
    return out


def gen_pipeline(rng):
    lines, info = [], {}
    tf = rng.choice(["auto"] * 6 + ["rfc3339"] * 2 + ["epoch_ms"] * 2)
    info["time_format"] = tf
    if tf != "auto" or rng.random() < 0.3:
        lines += ['[source]', 'time_format = "%s"' % tf]
    ooo = rng.choice([0, 0, 250, 500, 1000, 2000, 3000, 5000, 10000])
    lateness = 0 if rng.random() < 0.55 else rng.choice([250, 500, 1000, 2000, 5000, 15000])
    side = rng.random() < 0.5
    wm = []
    if ooo or rng.random() < 0.3:
        wm.append('max_out_of_orderness = "%s"' % duration(ooo, rng))
    if lateness or rng.random() < 0.2:
        wm.append('allowed_lateness = "%s"' % duration(lateness, rng))
    if side:
        wm += ['late_events = "side_output"', 'late_output = "late.ndjson"']
    elif rng.random() < 0.2:
        wm.append('late_events = "drop"')
    if wm:
        lines += ['[watermark]'] + wm
    info["side"] = side
    out_fmt = rng.choice(["rfc3339"] * 5 + ["epoch_s", "epoch_ms", "epoch_us", "epoch_ns"])
    if out_fmt != "rfc3339" or rng.random() < 0.2:
        lines += ['[output]', 'time_format = "%s"' % out_fmt]
    key = rng.choice([[], ["user"], ["user"], ["region", "user"], ["user", "region"], ["region"]])
    if key:
        lines += ['', '[[stage]]', 'op = "key_by"', 'fields = [%s]' % ", ".join('"%s"' % k for k in key)]
    if rng.random() < 0.03:                          # no window: every valid record passes through
        return "\n".join(lines) + "\n", info
    w1, size1 = window_stage(rng, 500, 10000)
    aggs1 = aggregates(rng, ["v", "v", "w", "big"])
    lines += [''] + w1 + ['[stage.aggregate]'] + ['%s = "%s"' % (n, t) for n, _, t in aggs1]
    if lateness == 0 and rng.random() < 0.4:
        if rng.random() < 0.3:
            cands = list(key) + [n for n, _, _ in aggs1]
            rekey = rng.sample(cands, min(len(cands), rng.randint(1, 2)))
            lines += ['', '[[stage]]', 'op = "key_by"', 'fields = [%s]' % ", ".join('"%s"' % k for k in rekey)]
            key2 = rekey
        else:
            key2 = key
        w2, _ = window_stage(rng, size1, 60000)
        fields2 = [n for n, _, _ in aggs1] + list(key) + ["window_start"]
        aggs2 = [a for a in aggregates(rng, fields2, 1, 4) if a[0] not in key2]
        if not aggs2:
            aggs2 = [("rows", "count", "count()")]
        lines += [''] + w2 + ['[stage.aggregate]'] + ['%s = "%s"' % (n, t) for n, _, t in aggs2]
    return "\n".join(lines) + "\n", info


def time_text(ms_or_ns, tf, rng, ns=False):
    """A JSON time for an instant (ms, or ns when ns=True) in a representation time_format accepts."""
    total_ns = ms_or_ns if ns else ms_or_ns * 10**6
    secs, rem = divmod(total_ns, 10**9)
    choices = []
    if tf in ("auto", "rfc3339"):
        choices.append("rfc")
    if tf in ("auto", "epoch_ms"):
        choices += ["ms_int", "ms_str"] if rem % 10**6 == 0 else ["ms_frac"]
    if tf == "auto":
        choices += ["s_frac", "ns_int"]
    kind = rng.choice(choices)
    if kind == "rfc":
        import time as _t
        base = _t.strftime("%Y-%m-%dT%H:%M:%S", _t.gmtime(secs))
        if rem == 0 and rng.random() < 0.6:
            frac = ""
        elif rem % 10**6 == 0 and rng.random() < 0.7:
            frac = ".%03d" % (rem // 10**6)
        else:
            frac = ".%09d" % rem
        form = rng.random()
        if form < 0.1:                               # another offset: shift the wall time back
            base = _t.strftime("%Y-%m-%dT%H:%M:%S", _t.gmtime(secs + 2 * 3600))
            return '"%s%s+02:00"' % (base, frac)
        if form < 0.15:
            return '"%s%s%s"' % (base.replace("T", rng.choice(["t", " "])), frac, rng.choice(["Z", "z"]))
        if form < 0.2 and frac:
            return '"%s%s17Z"' % (base, frac.ljust(10, "0"))   # digits past the 9th are dropped
        return '"%s%sZ"' % (base, frac)
    if kind == "ms_int":
        return str(total_ns // 10**6)
    if kind == "ms_str":
        return '"%d"' % (total_ns // 10**6)
    if kind == "ms_frac":
        return "%d.%06d" % divmod(total_ns, 10**6)
    if kind == "s_frac":                             # a fraction is floored to the ns (rule 2)
        return "%d.%09d%s" % (secs, rem, rng.choice(["", "", "9", "5"])) if rem else str(secs)
    return str(total_ns)


def gen_input(rng, info):
    tf = info["time_format"]
    n = rng.randint(5, 40)
    span = rng.choice([5000, 10000, 20000, 40000])
    step = max(1, span // n)
    quantum = rng.choice([250, 500, 1000, 1])
    cur = rng.randrange(0, 3000)
    lines = []
    for _ in range(n):
        r = rng.random()
        if lines and r < 0.15:
            pass                                     # same time as the previous event
        elif r < 0.4:
            cur = max(0, cur - rng.randint(0, 3 * step + 2000))
        else:
            cur += rng.randint(0, 2 * step)
        t = cur - cur % quantum
        if rng.random() < 0.05:                      # a time just before a boundary, in ns
            tt = time_text((T0 + t) * 10**6 - 1, tf, rng, ns=True)
        else:
            tt = time_text(T0 + t, tf, rng)
        members = [('"ts"', tt)]
        user = rng.choice(USER_VALUES)
        if user is not None:
            members.append(('"user"', user))
        region = rng.choice(REGION_VALUES)
        if region is not None:
            members.append(('"region"', region))
        r = rng.random()
        if r < 0.45:
            members.append(('"v"', rng.choice(HUGE_INT_VALUES if rng.random() < 0.08 else INT_VALUES)))
        elif r < 0.7:
            members.append(('"v"', rng.choice(FLOAT_VALUES)))
        elif r < 0.9:
            members.append(('"v"', rng.choice(OTHER_VALUES)))
        if rng.random() < 0.8:
            members.append(('"w"', rng.choice(["0.1", "0.2", "0.7", "1", "1e-3", "-0.3", "2.25", "1e308", "1e300"])))
        if rng.random() < 0.4:
            members.append(('"big"', rng.choice(BIG_VALUES)))
        rng.shuffle(members)
        if rng.random() < 0.05:                      # rule 4: a repeated name, the first wins
            members.append(rng.choice([('"v"', '"dup"'), ('"user"', '"dup"'), ('"ts"', '"2030-01-01T00:00:00Z"')]))
        sep = rng.choice([",", ", ", ","])
        line = "{" + sep.join(k + ":" + v for k, v in members) + "}"
        if rng.random() < 0.04:
            line = rng.choice(['{"user":"a","v":1}', '{"ts":null,"v":1}', 'not json', '{"ts":"soon"}', ''])
        if rng.random() < 0.02:
            line += "\r"                               # stays in pass-through and late bytes
        lines.append(line)
    return "".join(l + "\n" for l in lines)


def make_case(i):
    rng = random.Random(i)
    pipeline, info = gen_pipeline(rng)
    data = gen_input(rng, info)
    return pipeline, data, info


def run_eddy(eddy, pipeline, data):
    with tempfile.TemporaryDirectory(prefix="eddy-diff-") as d:
        with open(os.path.join(d, "pipeline.toml"), "w") as f:
            f.write(pipeline)
        with open(os.path.join(d, "input.ndjson"), "w", newline="") as f:
            f.write(data)
        p = subprocess.run([eddy, "run", "pipeline.toml", "input.ndjson"], cwd=d, capture_output=True,
                           timeout=30)
        late_path = os.path.join(d, "late.ndjson")
        late = open(late_path, "rb").read().decode("utf-8", "replace") if os.path.exists(late_path) else ""
        return p.returncode, p.stdout.decode("utf-8", "replace"), late, p.stderr.decode("utf-8", "replace")


def first_difference(name, want, got):
    w, g = want.split("\n"), got.split("\n")
    for n, (a, b) in enumerate(zip(w, g), 1):
        if a != b:
            return "%s line %d:\n  model: %s\n  eddy:  %s\n" % (name, n, a, b)
    if len(w) != len(g):
        n = min(len(w), len(g))
        return "%s: model has %d lines, eddy %d; first extra:\n  %s\n" % (
            name, len(w) - 1, len(g) - 1, (w if len(w) > len(g) else g)[n - 1])
    return ""


def report(i, pipeline, data, info, code, out, late, err, want_out, want_late):
    text = "=== case %d (alone: gen_cases.py EDDY --first %d --count 1)\n" % (i, i)
    if code != 0:
        text += "eddy exited %d: %s" % (code, err)
    text += first_difference("stdout", want_out, out) + first_difference("late.ndjson", want_late, late)
    text += "--- pipeline.toml\n" + pipeline + "--- input.ndjson\n" + data
    text += "--- model stdout\n" + want_out + "--- eddy stdout\n" + out
    if info["side"] or late:
        text += "--- model late.ndjson\n" + want_late + "--- eddy late.ndjson\n" + late
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("eddy")
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--save")
    ap.add_argument("--show", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    ids = range(args.first, args.first + args.count)
    cases = {i: make_case(i) for i in ids}
    expected = {}
    for i, (pipeline, data, info) in cases.items():
        out, late = eddy_model.run(tomllib.loads(pipeline), data)
        expected[i] = (out, late or "")
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {i: pool.submit(run_eddy, args.eddy, c[0], c[1]) for i, c in cases.items()}
        results = {i: f.result() for i, f in futures.items()}
    bad, reports = [], []
    for i in ids:
        pipeline, data, info = cases[i]
        code, out, late, err = results[i]
        want_out, want_late = expected[i]
        ok = code == 0 and out == want_out and late == want_late
        if args.save:
            d = os.path.join(args.save, str(i))
            os.makedirs(d, exist_ok=True)
            for name, text in (("pipeline.toml", pipeline), ("input.ndjson", data), ("model.out", want_out),
                               ("eddy.out", out), ("model.late", want_late), ("eddy.late", late),
                               ("eddy.err", err)):
                with open(os.path.join(d, name), "w", newline="") as f:
                    f.write(text)
        if not ok:
            bad.append(i)
            if len(bad) <= args.show:
                reports.append(report(i, pipeline, data, info, code, out, late, err, want_out, want_late))
    # The summary comes first: the scenario runner shows only the head of a failing script's output.
    print("differential: %d cases, %d agree, %d differ%s" % (
        len(ids), len(ids) - len(bad), len(bad), (": " + " ".join(map(str, bad[:40]))) if bad else ""))
    for r in reports:
        print(r, end="")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
