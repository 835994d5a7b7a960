#!/usr/bin/env python3
# Generates random pipelines and inputs from fixed seeds, runs eddy on each and compares its stdout,
# late_output and exit code with eddy_model.py byte for byte (the differential test of SPEC §3/§4/§8,
# docs/stateful-stages.md and docs/filter-select.md).
"""Usage: gen_cases.py EDDY [--cases SPEC | --first I --count N] [--save DIR] [--show N] [--jobs N] [--reduce]

Case i uses random.Random(i), so `--cases I` (or `--first I --count 1`) reproduces case I alone.
Cases below 100000 are the small tumbling/sliding cases; cases from 100000 on (STATEFUL_BASE) are
larger cases for session windows, dedup, sessionize and their chains (hundreds to thousands of events).
Both kinds also get filter and select stages inserted anywhere in their chains (add_filter_select).
--cases takes ranges and ids: "1-1200,100001-100160,100042".
--save DIR writes every case (pipeline.toml, input.ndjson, model.out, eddy.out, late files) to DIR/<i>/;
a differing case is always written to $TMPDIR/eddy-diff-failed/<i>/.
--reduce shrinks the input of the first differing case (delta debugging) and prints it.
Exits 0 when every case agrees, 1 otherwise; the last line is "differential: N passed, N failed".
"""
import argparse
import concurrent.futures
import json
import os
import random
import re
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
            name, text = "%s_%s" % (fn, f.strip("/").replace(".", "_").replace("/", "_")), "%s(%s)" % (fn, f)
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
        members += filter_members(rng)
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


def make_classic_case(i):
    rng = random.Random(i)
    pipeline, info = gen_pipeline(rng)
    info["ops"] = set()
    pipeline = add_filter_select(rng, pipeline, info, 0.35, 0.3, 0.015)
    data = gen_input(rng, info)
    return pipeline, data, info


# ---------------------------------------------------------------- filter and select (docs/filter-select.md)
#
# A pass over a generated pipeline: it walks the stages, tracking which fields the records have at each
# point (the input's, a window's row, sessionize's added fields, a select's projection), and inserts
# filter and select stages anywhere in the chain: before key_by, between key_by and a window, after a
# window, after dedup or sessionize. A select keeps (most of) the fields the stages after it read.

# Extra input members for the filter and select stages: every JSON type in several spellings, strings
# with escapes and non-ASCII, objects and arrays with inner whitespace (select copies them verbatim).
S_VALUES = ['"GET"', '"get"', '"POST"', '"é"', '"\\u00e9"', '"\\u00E9t\\u00e9"', '"a\\/b"', '"a/b"', '"x\\"y"', '""',
            '"500"', '"Z"', '"ab"', '"a b"', '"😀"', '"\\ud83d\\ude00"', '"\\t"', '"bot/1.0"', '"Crawler"', '"e12"',
            '"x\\n"', '"x\\\\y"', '"GET "', '"Ab"', '"b"', '"ünï"']
# ('-0' is left out: whether an aggregate prints the integer -0 as "-0" or "0" is not pinned by SPEC rule 12.)
N_VALUES = ['500', '5e2', '500.0', '404', '-1', '0', '-0.0', '1.5', '1.50', '15e-1', '2', '9007199254740993',
            '9007199254740992.0', '9007199254740992', '123456789012345678901234567890', '1e-7', '0.1',
            '-9223372036854775808', '9223372036854775807', '1E0', '1', '503', '10', '2.5']
OBJ_VALUES = ['[1, 2]', '[1,2]', '[ 1.50 ]', '[1.5]', '[]', '[ ]', '{"a": 1, "b": [true, null]}',
              '{"a":1,"b":[true,null]}', '{}', '{ }', '{ "k" : "\\u00e9" }', '{"k":"é"}', '{"k":"\\u00e9"}',
              '[ "a" , {"x": [ 1 ] } ]', '{"a":1.0}', '{"a":1}', '["\\/", "x\\"y"]']
MIXED_VALUES = S_VALUES + N_VALUES + OBJ_VALUES + ['true', 'false', 'null', '"true"', '"null"', '"1"']
ARR_VALUES = ['[ "GET" , 1.50, {"x" : [ 1 ] } ]', '[1, "a"]', '[]', '["\\u00e9\\/", null]', '[true,false]',
              '[ {"k": 2}, 3 ]', '[[1, 2], "b"]', '["a"]']
O_VALUES = ['{"k":%s}', '{ "k" : %s }', '{"k":%s,"m":{"z":"\\u00e9"}}', '{"m": {"z": "x\\/y" , "w":[1, 2]} , "k":%s}',
            '{"k":%s,\t"m":{"z":"é"}}']
O_K_VALUES = ["1", "2", '"x"', "1.0", "null"]


def filter_members(rng, with_o=True):
    """Extra members of an input event for filter and select."""
    out = []
    r = rng.random()
    if r < 0.7:
        out.append(('"s"', rng.choice(S_VALUES if rng.random() < 0.75 else MIXED_VALUES)))
    r = rng.random()
    if r < 0.7:
        out.append(('"num"', rng.choice(N_VALUES if rng.random() < 0.7 else MIXED_VALUES)))
    if rng.random() < 0.45:
        out.append(('"b"', rng.choice(['true', 'false'] * 4 + MIXED_VALUES[:6] + ['null', '"true"', '1'])))
    if rng.random() < 0.25:
        out.append(('"p"', rng.choice(OBJ_VALUES + ['1', '"a"', 'null'])))
    if rng.random() < 0.25:
        out.append(('"q"', rng.choice(OBJ_VALUES + ['1.0', '"a"'])))
    if rng.random() < 0.3:
        out.append(('"arr"', rng.choice(ARR_VALUES)))
    if with_o and rng.random() < 0.3:
        out.append(('"o"', rng.choice(O_VALUES) % rng.choice(O_K_VALUES)))
    return out


# Schema entries: (dotted path or None, JSON pointer, hint for literals: num str bool obj any sid)
_KEYWORDS = {"true", "false", "null", "in", "exists", "matches"}
_DOTTED_STEP = re.compile(r"[A-Za-z_$@\u0080-\U0010ffff][A-Za-z0-9_$@\-\u0080-\U0010ffff]*")


def pointer_of(steps):
    return "".join("/" + s.replace("~", "~0").replace("/", "~1") for s in steps)


def entry(steps, hint, dotted_ok=True):
    dotted = ".".join(steps) if dotted_ok and all(_DOTTED_STEP.fullmatch(s) and s not in _KEYWORDS
                                                  for s in steps) else None
    return (dotted, pointer_of(steps), hint)


def input_schema(stateful):
    e = [entry(["ts"], "any"), entry(["user"], "any"), entry(["region"], "str"), entry(["v"], "num"),
         entry(["w"], "num"), entry(["big"], "num"), entry(["s"], "str"), entry(["s"], "str"), entry(["num"], "num"),
         entry(["num"], "num"), entry(["b"], "bool"), entry(["p"], "obj"), entry(["q"], "obj"), entry(["arr"], "obj"),
         entry(["arr", "0"], "any", False), entry(["arr", "1"], "any", False), entry(["o"], "obj"),
         entry(["o", "k"], "any"), entry(["o", "m", "z"], "str"), entry(["zz"], "any"), entry(["o", "zz"], "any")]
    if stateful:
        e += [entry(["id"], "any"), entry(["id"], "any")]
    return e


def steps_of(path):
    return eddy_model.path_steps(path)[1]


NUM_LITS = ['500', '5e2', '500.0', '-1', '0', '-0', '-0.0', '1.5', '15e-1', '2', '3', '10', '20', '1', '1.0', '7',
            '12', '-4', '9007199254740992', '9007199254740993', '9007199254740993.0', '123456789012345678901234567890',
            '123456789012345678901234567891', '1e-7', '0.1', '2.5', '9223372036854775807', '-9223372036854775808',
            '1E0', '2e0', '1e16', '503', '404', '0.3']
STR_LITS = ["GET", "get", "é", "a/b", 'x"y', "", "500", "Z", "ab", "a b", "😀", "\t", "x\n", "x\\y", "a", "b", "B",
            "eu", "us", "e1", "e12", "x", "true", "Crawler", "2024-05-01T10:00:05.000Z", "8", "Ab", "ünï", "ét",
            "2024-05-01T10:00:10.000Z", "bot/1.0", "GET "]
SID_LITS = ["8", "0", "f", "7fffffffffffffff", "a0"]
# Regexes as written between the quotes; only constructs on which Python's re (after eddy_model's
# rewriting of \d and $) and RE2 agree: literals, ^ $ . [a-z] \d | * + ? () {n} and (?i) at the start.
REGEXES = ['^G', '(?i)^get$', 'e', '^[a-z]+$', '\\d', '^\\d+$', 'a|b', '^a.*b$', 'x+', '^$', 'é', '(?i)É', '😀', '.',
           '^.$', '^[a-z]?$', '\\/', 'a/b', 'x\\"y', '(?i)bot|crawler', '^(GET|POST)$', '^e[0-9]+$', '^[0-9a-f]+$',
           '[0-9a-f]{16}', '\\.', '^-?\\d+(\\.\\d+)?$', '\\\\', '\\t', '^x\\n$', 'x$', 'T10', '^\\d{4}-',
           "x'y", "(?i)^ab$", "b?$", "^[A-Z]"]
BAD_WHERE = ['', '  ', 'n ==', 'n < v < w', '(n == 1', 'n in [v]', 'n in 1', 'foo(n)', 'exists("n")', 'exists()',
             'matches(n)', 'matches(n, v)', 's =~ "("', 's =~ "[a-"', 's =~ "*x"', 'n == 1 v', 'n == !v',
             's == "abc', 'n && ', '|| n', 'n = 1', 'n == 1)', 'n in [1,]', "s == 'x\\q'", 'n === 1', 'n == 1 ==',
             'exists(n, v)', 's =~ 5', '!', '()']
BAD_SELECT = ['[]', '{}', '["user", "user.name"]', '["o", "/o/k"]', '["v", "v"]', '["v", "/v"]', '[1]',
              '{ a = 1 }', '["o.k", "o"]']


def str_literal(rng, text):
    """A string literal in single or double quotes, with JSON's escapes chosen at random."""
    q = rng.choice(['"', "'"])
    out = []
    for c in text:
        r = rng.random()
        if c == q:
            out.append("\\" + c)
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append(rng.choice(["\\t", "\\u0009"]))
        elif c == "/" and r < 0.5:
            out.append("\\/")
        elif c in "\"'" and r < 0.3:
            out.append("\\" + c)                  # \" inside '...' and \' inside "..." are escapes too
        elif ord(c) > 0xFFFF and r < 0.5:
            v = ord(c) - 0x10000
            out.append("\\u%04x\\u%04x" % (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)))
        elif (ord(c) > 127 and r < 0.5) or r < 0.05:
            out.append(("\\u%04x" if rng.random() < 0.5 else "\\u%04X") % ord(c))
        else:
            out.append(c)
    return q + "".join(out) + q


def regex_literal(rng, pattern):
    """A regex between quotes, as written: only an unescaped quote of the same kind must be avoided."""
    q = "'" if '"' in pattern.replace('\\"', "") else "\"" if "'" in pattern else rng.choice(['"', "'"])
    return q + pattern + q


WTIME_LITS = ['"2024-05-01T10:00:05.000Z"', "'2024-05-01T10:00:10.000Z'", '"2024-05-01T10:00:02.500Z"', '1714557605',
              '1714557605000', '1714557610000', '1714557605000000', '1714557605000000000', '1714557602500000000']


def literal(rng, hint):
    if hint == "wtime" and rng.random() < 0.8:
        return rng.choice(WTIME_LITS)
    if rng.random() < 0.2:
        hint = rng.choice(["num", "str", "bool", "any"])
    r = rng.random()
    if hint == "bool" or (hint in ("any", "obj") and r < 0.15):
        return rng.choice(["true", "false", "null"])
    if hint == "num" or (hint in ("any", "obj") and r < 0.55):
        return rng.choice(NUM_LITS)
    if hint == "sid" and r < 0.6:
        return str_literal(rng, rng.choice(SID_LITS))
    return str_literal(rng, rng.choice(STR_LITS))


def path_text(rng, e):
    dotted, pointer, _ = e
    return dotted if dotted is not None and rng.random() < 0.75 else pointer


def gen_compare(rng, schema):
    """A list of tokens of one comparison (or bare operand)."""
    e = rng.choice(schema)
    p, hint = path_text(rng, e), e[2]
    r = rng.random()
    if r < 0.3:
        op = rng.choice(["==", "==", "!=", "<", "<=", ">", ">="])
        return [p, op, literal(rng, hint)] if rng.random() < 0.85 else [literal(rng, hint), op, p]
    if r < 0.4:                                   # two fields (arrays and objects compare by canonical text)
        e2 = rng.choice([x for x in schema if x[2] == hint] or schema)
        return [p, rng.choice(["==", "!=", "<", ">=", "==", "!="]), path_text(rng, e2)]
    if r < 0.55:
        pat = rng.choice(REGEXES)
        if rng.random() < 0.7:
            return [p, "=~", regex_literal(rng, pat)]
        return ["matches", "(", p, ",", regex_literal(rng, pat), ")"]
    if r < 0.68:
        items = [literal(rng, hint) for _ in range(rng.choice([0, 1, 2, 3, 4]))]
        toks = [p, "in", "["]
        for k, item in enumerate(items):
            toks += ([","] if k else []) + [item]
        return toks + ["]"]
    if r < 0.78:
        toks = ["exists", "(", p, ")"]
        if rng.random() < 0.2:
            toks += [rng.choice(["==", "!="]), rng.choice(["true", "false"])]
        return toks
    if r < 0.88:                                   # a bare operand: true only for JSON true
        b = rng.choice([x for x in schema if x[2] == "bool"] or schema)
        return [path_text(rng, b)] if rng.random() < 0.8 else ["(", path_text(rng, b), ")"]
    if r < 0.9:
        return [rng.choice(["true", "false", "null", "1"])]
    if r < 0.95:                                   # a condition or function compared with a boolean
        inner = gen_compare(rng, schema)
        inner = inner if inner[0] in ("exists", "matches") else ["("] + inner + [")"]
        return inner + [rng.choice(["==", "!="]), rng.choice(["true", "false"])]
    return [p, rng.choice(["==", "!="]), rng.choice(["null", "null", "true", "false"])]


MID_NUMS = ['2', '3', '5', '7', '10', '1.5', '404', '500', '0', '1e-7', '2.5', '100', '1000', '1', '2e0']
MID_STRS = ["b", "a", "e", "GET", "ab", "é", "Z", "us", "eu", "x", "Ab", "8"]
MID_REGEXES = ['e', 'a|b', '^[a-z]+$', '\\d', '(?i)^get$', 'T10', '^[0-9a-f]{8}', '(?i)b', '^[a-c]', '[0-7]$']


def gen_simple(rng, schema):
    """One comparison likely to keep some records and drop others."""
    e = rng.choice([x for x in schema if x[0] != "zz" and "zz" not in x[1]] or schema)
    p, hint = path_text(rng, e), e[2]
    if hint == "num":
        toks = [p, rng.choice(["<", "<=", ">", ">=", "==", "!="]), rng.choice(MID_NUMS)]
    elif hint in ("str", "sid"):
        r = rng.random()
        if r < 0.45:
            toks = [p, rng.choice(["<", "<=", ">", ">=", "==", "!="]), str_literal(rng, rng.choice(MID_STRS))]
        elif r < 0.8:
            toks = [p, "=~", regex_literal(rng, rng.choice(MID_REGEXES))]
        else:
            toks = [p, "in", "[", str_literal(rng, rng.choice(MID_STRS)), ",", str_literal(rng, rng.choice(MID_STRS)), "]"]
    elif hint == "bool":
        toks = rng.choice([[p], ["!", p], [p, "==", "true"], [p, "!=", "false"]])
    elif hint == "wtime":
        toks = [p, rng.choice(["<", "<=", ">", ">=", "==", "!="]), rng.choice(WTIME_LITS)]
    else:
        r = rng.random()
        if r < 0.3:
            toks = ["exists", "(", p, ")"]
        elif r < 0.5:
            toks = [p, rng.choice(["==", "!="]), "null"]
        else:
            toks = [p, rng.choice(["<", ">=", "==", "!="]), literal(rng, rng.choice(["num", "str"]))]
    if rng.random() < 0.2:
        toks = ["!"] + toks
    return toks


def gen_expr(rng, schema, depth=0):
    r = rng.random()
    if depth < 3 and r < 0.35:
        a, b = gen_expr(rng, schema, depth + 1), gen_expr(rng, schema, depth + 1)
        return a + [rng.choice(["&&", "||"])] + b
    if depth < 4 and r < 0.5:
        inner = gen_compare(rng, schema) if rng.random() < 0.6 else ["("] + gen_expr(rng, schema, depth + 1) + [")"]
        return ["!"] + inner                         # `!a == 1` is `!(a == 1)`
    if depth < 3 and r < 0.58:
        return ["("] + gen_expr(rng, schema, depth + 1) + [")"]
    return gen_compare(rng, schema)


def _wordy(tok):
    c = tok[0]
    return c.isalnum() or c in "_$@-/." or not c.isascii() or tok in ("in", "exists", "matches")


def join_tokens(rng, toks):
    out = [toks[0]]
    for a, b in zip(toks, toks[1:]):
        seps = [" "] * 6 + ["  ", "\t", "\n"] + ([""] * 4 if not (_wordy(a) and _wordy(b)) else [])
        out.append(rng.choice(seps) + b)
    return rng.choice(["", "", " ", "\n"]) + "".join(out) + rng.choice(["", "", " "])


def toml_string(rng, s):
    if "'" not in s and not any(ord(c) < 32 or ord(c) == 127 for c in s) and rng.random() < 0.7:
        return "'%s'" % s
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 32 or ord(c) == 127:
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
    return '"%s"' % "".join(out)


def filter_block(rng, schema, bad=False):
    if bad:
        where = rng.choice(BAD_WHERE)
    elif rng.random() < 0.55:                            # a plain condition, so that some records pass
        toks = gen_simple(rng, schema)
        if rng.random() < 0.3:
            toks += [rng.choice(["&&", "||"])] + (gen_simple(rng, schema) if rng.random() < 0.7
                                                   else gen_compare(rng, schema))
        where = join_tokens(rng, toks)
    else:                                                # every operator and type, in any combination
        where = join_tokens(rng, gen_expr(rng, schema))
    return ['[[stage]]', 'op = "filter"', 'where = %s' % toml_string(rng, where)]


def _conflict(steps, chosen):
    return any(steps[:min(len(steps), len(c))] == c[:min(len(steps), len(c))] for c in chosen)


# output names of select tables: later filters reach "a.b", "in", "a/b" and "~t" by pointers (/a.b, /in, /a~1b, /~0t)
TABLE_NAMES = ["t", "val", "who", "a.b", "x-y", "é", "when", "s2", "in", "n2", "o.k", "k", "@t", "$x", "a/b", "~t"]


def select_block(rng, schema, needed, bad=False):
    if bad:
        return ['[[stage]]', 'op = "select"', 'fields = %s' % rng.choice(BAD_SELECT)], schema
    cands = schema + [entry(["zz"], "any"), entry(["o", "zz"], "any"), (None, "/arr/7", "any")]
    if rng.random() < 0.6:                                   # a list of paths: each keeps its place
        chosen, paths = [], []
        for path in needed:
            st = steps_of(path)
            if rng.random() < 0.9 and not _conflict(st, chosen):
                chosen.append(st)
                paths.append(path)
        for _ in range(rng.randint(0 if paths else 1, 4)):
            e = rng.choice(cands)
            path = path_text(rng, e)
            st = steps_of(path)
            if not _conflict(st, chosen):
                chosen.append(st)
                paths.append(path)
        rng.shuffle(paths)
        new = [e for e in schema if any(steps_of(e[1])[:len(c)] == c for c in chosen)]
        return ['[[stage]]', 'op = "select"', 'fields = [%s]' % ", ".join(json.dumps(p, ensure_ascii=False)
                                                                       for p in paths)], new or [entry(["zz"], "any")]
    table = {}                                               # a table: flat output names
    for path in needed:
        st = steps_of(path)
        if len(st) == 1 and st[0] not in table and rng.random() < 0.9:
            table[st[0]] = (path, "any")
    for _ in range(rng.randint(0 if table else 1, 4)):
        e = rng.choice(cands)
        name = rng.choice(TABLE_NAMES)
        if name not in table:
            table[name] = (path_text(rng, e), e[2])
    items = list(table.items())
    rng.shuffle(items)
    new = [entry([name], hint) for name, (_, hint) in items]

    def key(name):
        return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name, ensure_ascii=False)
    if rng.random() < 0.5:
        lines = ['fields = { %s }' % ", ".join("%s = %s" % (key(n), json.dumps(p, ensure_ascii=False))
                                              for n, (p, _) in items)]
    else:
        lines = ['[stage.fields]'] + ["%s = %s" % (key(n), json.dumps(p, ensure_ascii=False)) for n, (p, _) in items]
    return ['[[stage]]', 'op = "select"'] + lines, new


AGG_HINTS = {"count": "num", "sum": "num", "avg": "num", "min": "num", "max": "num", "count_distinct": "num",
             "first": "any", "last": "any"}


def add_filter_select(rng, pipeline, info, p_filter, p_select, p_error):
    """Inserts filter and select stages into a generated pipeline (see above); records the ops in info."""
    lines = pipeline.rstrip("\n").split("\n")
    starts = [k for k, l in enumerate(lines) if l == "[[stage]]"]
    header = lines[:starts[0]] if starts else lines
    while header and header[-1] == "":
        header = header[:-1]
    blocks = []
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        block = lines[a:b]
        while block and block[-1] == "":
            block = block[:-1]
        blocks.append(block)
    conf = tomllib.loads("\n".join(header))
    lateness = eddy_model.parse_duration(conf.get("watermark", {}).get("allowed_lateness", "0s")) > 0
    stages = [tomllib.loads("\n".join(b))["stage"][0] for b in blocks]

    def reads(st):
        op = st.get("op")
        if op == "key_by":
            return list(st.get("fields", []))
        if op == "window":
            return [eddy_model.parse_aggregate(t)[1] for t in st.get("aggregate", {}).values()
                    if eddy_model.parse_aggregate(t)[1]]
        if op == "dedup" and st.get("fields") != ["*"]:
            return list(st.get("fields", []))
        return []

    # where to insert: position k = before block k (len(blocks): at the end)
    inserts = {}
    error = rng.random() < p_error
    if error:
        inserts.setdefault(rng.randint(0, len(blocks)), []).append(rng.choice(["bad_filter", "bad_select"]))
    elif rng.random() < p_filter:
        for _ in range(1 if rng.random() < 0.8 else 2):
            inserts.setdefault(rng.randint(0, len(blocks)), []).append("filter")
    if not error and rng.random() < p_select:
        inserts.setdefault(rng.randint(0, len(blocks)), []).append("select")
    for v in inserts.values():
        rng.shuffle(v)
    schema = input_schema(info.get("stateful", False))
    key = []
    out = header[:]
    for k in range(len(blocks) + 1):
        for what in inserts.get(k, []):
            needed = []
            for st in stages[k:]:
                needed += [f for f in reads(st) if f not in needed]
                if st.get("op") == "window":
                    break
            if what in ("filter", "bad_filter"):
                out += [''] + filter_block(rng, schema, what == "bad_filter")
            else:
                block, schema = select_block(rng, schema, needed, what == "bad_select")
                out += [''] + block
            info["ops"].add(what.replace("bad_", ""))
        if k == len(blocks):
            break
        st = stages[k]
        out += [''] + blocks[k]
        op = st.get("op")
        if op == "key_by":
            key = list(st.get("fields", []))
        elif op == "window":
            schema = [entry([n], "any") for n in key] + [entry(["window_start"], "wtime"),
                                                         entry(["window_end"], "wtime")]
            for name, text in st.get("aggregate", {}).items():
                schema.append(entry([name], AGG_HINTS[eddy_model.parse_aggregate(text)[0]]))
            if lateness:
                schema.append(entry(["revision"], "num"))
            schema.append(entry(["zz"], "any"))
        elif op == "sessionize":
            schema = schema + [entry([st.get("id_field", "session_id")], "sid"),
                               entry([st.get("seq_field", "session_seq")], "num")]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- stateful cases (ids >= STATEFUL_BASE)
#
# Session windows, dedup and sessionize (docs/stateful-stages.md), alone and chained, on inputs of
# hundreds to thousands of events: per-user bursts around the session gap (exactly gap, gap ± 1 ns,
# equal times), disorder within and beyond max_out_of_orderness, late events, exact duplicate lines
# and repeated ids, records whose last "}" is followed by spaces or "\r", records with only a time.

STATEFUL_BASE = 100000
SCALES = [300, 500, 1000, 2000, 5000, 10000, 30000]          # the typical session gap, ms
KINDS = [("session", 22), ("dedup", 14), ("sessionize", 14), ("dedup_session", 8), ("sessionize_window", 10),
         ("window_session", 7), ("window_dedup", 6), ("sessionize_dedup", 4), ("dedup_sessionize", 5),
         ("sessionize_session", 3), ("session_sessionize", 2), ("config_error", 3)]
CHAINED_WINDOW = {"window_session", "window_dedup", "session_sessionize"}   # a window feeds a stateful stage
# (id_field, seq_field): defaults, custom names, and names the records already have ("id", "v")
SESSION_NAMES = [None] * 5 + [("sid", "n"), ("session", "pos"), ("id", "seq"), ("s_id", "v"), ("visit", "step")]
SESSION_USERS = ['"a"', '"b"', '"B"', '"é"', '"a b"', '1', '1.0', '1.50', '1.5', 'null', None, 'true', '{"x":1}',
                 '"\\t"', '"😀"', '"\\u00E9"', '-3', '[1, "a"]', '"\\u007f"']
SPECIAL_IDS = ['1.5', '1.50', '15e-1', '1', '1.0', 'true', 'null', '"x"', '{"a":1}', '{"a": 1}', '"\\u0078"', '-0.0']


def quoted(names):
    return "[%s]" % ", ".join('"%s"' % n for n in names)


def key_by_lines(fields):
    return ['', '[[stage]]', 'op = "key_by"', 'fields = %s' % quoted(fields)]


def session_window_lines(rng, gap_ms, fields, n_hi=5, avoid=()):
    aggs = [a for a in aggregates(rng, fields, 1, n_hi) if a[0] not in avoid] or [("rows", "count", "count()")]
    lines = ['', '[[stage]]', 'op = "window"', 'type = "session"', 'gap = "%s"' % duration(gap_ms, rng),
             '[stage.aggregate]'] + ['%s = "%s"' % (n, t) for n, _, t in aggs]
    return lines, [n for n, _, _ in aggs]


def plain_window_lines(rng, lo_ms, hi_ms, fields, avoid=()):
    w, size = window_stage(rng, lo_ms, hi_ms)
    aggs = [a for a in aggregates(rng, fields, 1, 4) if a[0] not in avoid] or [("rows", "count", "count()")]
    return [''] + w + ['[stage.aggregate]'] + ['%s = "%s"' % (n, t) for n, _, t in aggs], size, \
        [n for n, _, _ in aggs]


def within_text(rng, scale_ms, multiples=(0, 0.25, 1, 3, 10)):
    if rng.random() < 0.2:
        return '"forever"'
    m = rng.choice(multiples)
    return '"%s"' % duration(max(1, int(scale_ms * m)) if m else rng.choice([1, 2, 50]), rng)


def dedup_lines(rng, scale_ms, keyed, candidates):
    """candidates: field lists that make sense for the records reaching the stage."""
    r = rng.random()
    lines = ['', '[[stage]]', 'op = "dedup"']
    if keyed and r < 0.2:
        pass                                           # the current key alone
    elif r < 0.35:
        lines.append('fields = ["*"]')
    else:
        lines.append('fields = %s' % quoted(rng.choice(candidates)))
    lines.append('within = %s' % within_text(rng, scale_ms))
    return lines


def sessionize_lines(rng, gap_ms):
    lines = ['', '[[stage]]', 'op = "sessionize"', 'gap = "%s"' % duration(gap_ms, rng)]
    if rng.random() < 0.5:
        lines.append('max_duration = "%s"' % duration(int(gap_ms * rng.choice([0.5, 1, 2, 3, 5])), rng))
    names = rng.choice(SESSION_NAMES)
    if names is None:
        names = ("session_id", "session_seq")
        if rng.random() < 0.3:
            lines += ['id_field = "session_id"', 'seq_field = "session_seq"']
    else:
        lines += ['id_field = "%s"' % names[0], 'seq_field = "%s"' % names[1]]
    return lines, names


def gen_stateful_pipeline(rng):
    S = rng.choice(SCALES)
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    info = {"scale": S, "kind": kind, "ops": set()}
    tf = rng.choice(["auto"] * 6 + ["rfc3339"] * 2 + ["epoch_ms"] * 2)
    info["time_format"] = tf
    lines = []
    if tf != "auto" or rng.random() < 0.2:
        lines += ['[source]', 'time_format = "%s"' % tf]
    ooo = rng.choice([0, 0, S // 4, S // 2, S, 3 * S])
    lateness = 0 if kind in CHAINED_WINDOW or rng.random() < 0.5 else rng.choice([S // 2, S, 3 * S, 10 * S])
    if kind == "config_error":
        lateness = S                                    # a window with lateness feeding a stateful stage
    side = rng.random() < 0.5
    info.update(side=side, ooo=ooo, lateness=lateness)
    wm = []
    if ooo or rng.random() < 0.3:
        wm.append('max_out_of_orderness = "%s"' % duration(ooo, rng))
    if lateness or rng.random() < 0.2:
        wm.append('allowed_lateness = "%s"' % duration(lateness, rng))
    if side:
        wm += ['late_events = "side_output"', 'late_output = "late.ndjson"']
    if wm:
        lines += ['[watermark]'] + wm
    out_fmt = rng.choice(["rfc3339"] * 5 + ["epoch_s", "epoch_ms", "epoch_us", "epoch_ns"])
    if out_fmt != "rfc3339" or rng.random() < 0.2:
        lines += ['[output]', 'time_format = "%s"' % out_fmt]
    key = rng.choice([[], ["user"], ["user"], ["user"], ["user"], ["region", "user"], ["user", "region"], ["o.k"]])
    if kind in ("dedup", "window_dedup", "sessionize_dedup") and not key and rng.random() < 0.5:
        key = ["user"]
    if key:
        lines += key_by_lines(key)
    value_fields = ["v", "v", "w", "big", "id"]
    rec_fields = [["id"], ["id"], ["user", "id"], ["o.k"], ["/o/k"], ["v"], ["id", "v"]]
    gap2 = rng.choice([S, S, S // 2, 2 * S])           # a second session gap, for chains
    if kind == "session":
        lines += session_window_lines(rng, S, value_fields, avoid=key)[0]
        info["ops"] = {"session"}
    elif kind == "dedup":
        lines += dedup_lines(rng, S, bool(key), rec_fields)
        info["ops"] = {"dedup"}
    elif kind == "sessionize":
        lines += sessionize_lines(rng, S)[0]
        info["ops"] = {"sessionize"}
    elif kind == "dedup_session":
        lines += dedup_lines(rng, S, bool(key), rec_fields)
        if rng.random() < 0.5:
            key = rng.choice([["user"], ["region"], ["o.k"]])
            lines += key_by_lines(key)
        lines += session_window_lines(rng, S, value_fields, avoid=key)[0]
        info["ops"] = {"dedup", "session"}
    elif kind == "sessionize_window":
        sz, (idf, seqf) = sessionize_lines(rng, S)
        lines += sz
        if rng.random() < 0.3:
            key = [idf]
            lines += key_by_lines(key)
        fields = [seqf, seqf, idf, "v", "id"]
        lines += plain_window_lines(rng, S // 2, 6 * S, fields, avoid=key)[0]
        info["ops"] = {"sessionize"}
    elif kind == "window_session":
        w, size1, names = plain_window_lines(rng, S // 2, 2 * S, ["v", "v", "w", "big"], avoid=key)
        lines += w
        if rng.random() < 0.25:
            key = rng.sample(list(key) + names, 1) if key else [names[0]]
            lines += key_by_lines(key)
        g = rng.choice([size1, size1, 2 * size1, size1 + 1, size1 * 3 // 2, S])
        lines += session_window_lines(rng, g, names + ["window_start"] + key, 4, avoid=key)[0]
        info["ops"] = {"session"}
    elif kind == "window_dedup":
        w, size1, names = plain_window_lines(rng, S // 2, 2 * S, ["v", "v", "w", "user"], avoid=key)
        lines += w
        cands = [[n] for n in names] + [names[:2]]
        lines += dedup_lines(rng, size1, bool(key), cands)
        info["ops"] = {"dedup"}
    elif kind == "sessionize_dedup":
        sz, (idf, seqf) = sessionize_lines(rng, S)
        lines += sz
        lines += dedup_lines(rng, S, bool(key), [[seqf], [seqf], [idf], ["id"], [idf, "v"]])
        info["ops"] = {"sessionize", "dedup"}
    elif kind == "dedup_sessionize":
        lines += dedup_lines(rng, S, bool(key), rec_fields)
        lines += sessionize_lines(rng, S)[0]
        info["ops"] = {"dedup", "sessionize"}
    elif kind == "sessionize_session":
        sz, (idf, seqf) = sessionize_lines(rng, S)
        lines += sz
        if rng.random() < 0.3:
            key = [idf]
            lines += key_by_lines(key)
        lines += session_window_lines(rng, gap2, [seqf, idf, "v", "id"], 4, avoid=key)[0]
        info["ops"] = {"sessionize", "session"}
    elif kind == "session_sessionize":
        sw, names = session_window_lines(rng, S, value_fields, 3, avoid=key)
        lines += sw
        lines += sessionize_lines(rng, gap2)[0]
        info["ops"] = {"session", "sessionize"}
    else:                                               # configuration errors: eddy must exit 78
        r = rng.random()
        if rng.random() < 0.35:                         # a bad filter or select (added by add_filter_select)
            lines += session_window_lines(rng, S, value_fields, avoid=key)[0]
            info["fs_error"] = True
        elif r < 0.6:                                   # a window with lateness > 0 feeding a stateful stage
            if rng.random() < 0.5:
                lines += session_window_lines(rng, S, value_fields, avoid=key)[0]
            else:
                lines += plain_window_lines(rng, S // 2, 2 * S, ["v"], avoid=key)[0]
            follower = rng.choice(["dedup", "sessionize", "session"])
            if follower == "dedup":
                lines += ['', '[[stage]]', 'op = "dedup"', 'fields = ["*"]', 'within = "1s"']
            elif follower == "sessionize":
                lines += sessionize_lines(rng, S)[0]
            else:
                lines += session_window_lines(rng, S, ["window_start"], 2)[0]
        elif r < 0.8 and not key:                       # dedup by the key without a key_by
            lines += ['', '[[stage]]', 'op = "dedup"', 'within = "1m"']
        else:                                           # a setting that does not apply to session windows
            extra = rng.choice(['size = "1m"', 'slide = "10s"', 'offset = "0s"'])
            sw = session_window_lines(rng, S, ["v"], 2, avoid=key)[0]
            lines += sw[:5] + [extra] + sw[5:]
        info["config_error"] = True
    return "\n".join(lines) + "\n", info


def gen_stateful_input(rng, info):
    tf = info["time_format"]
    S = info["scale"] * 10**6                           # ns
    if info.get("config_error"):
        n = rng.randint(3, 12)
    else:
        n = rng.choice([150, 300, 600, 1000, 1500, 2500, 3500])
    k = rng.randint(1, 10)
    users = rng.sample(SESSION_USERS, k)
    weights = [rng.choice([1, 1, 2, 4]) for _ in users]
    quantum = rng.choice([1, 1, 10**6, S // 4 or 1, S // 10 or 1, S])
    ooo, late_l = info["ooo"] * 10**6, info["lateness"] * 10**6
    g, last, events, next_id, ids = 0, {}, [], 0, []
    for _ in range(n):
        u = rng.choices(range(k), weights)[0]
        r = rng.random()
        if u in last and r < 0.05:
            t = last[u]                                 # an equal time
        elif u in last and r < 0.17:                    # session boundaries: exactly gap, gap ± 1 ns
            t = last[u] + rng.choice([S, S, S + 1, S - 1, 2 * S, S // 2])
        else:
            r = rng.random()
            if r < 0.06:
                g += rng.randint(S, 5 * S)              # idle: every session closes
            elif r > 0.03:
                g += rng.randint(0, 2 * S // k)
            t = g - g % quantum
        last[u] = t
        r = rng.random()                                # ids: new, recently seen, long ago, or special
        if r < 0.02:
            ident = rng.choice(SPECIAL_IDS)
        elif ids and r < 0.16:
            ident = rng.choice(ids[-30:])
        elif ids and r < 0.2:
            ident = rng.choice(ids)
        else:
            next_id += 1
            ident = '"e%d"' % next_id if rng.random() < 0.2 else str(next_id)
        ids.append(ident)
        r = rng.random()
        delay = 0 if r < 0.75 else rng.randint(0, ooo + S) if r < 0.92 else rng.randint(0, ooo + late_l + 4 * S)
        events.append((t + delay, len(events), t, users[u], ident))
    events.sort()
    lines = []
    for _, _, t, user, ident in events:
        if lines and rng.random() < 0.06:               # an exact duplicate of an earlier line
            lines.append(rng.choice(lines[-20:]) if rng.random() < 0.7 else rng.choice(lines))
        tt = time_text(T0 * 10**6 + t, tf, rng, ns=True)
        members = [('"ts"', tt)]
        if rng.random() > 0.02:                         # else a record whose only member is its time
            members.append(('"id"', ident))
            if user is not None:
                members.append(('"user"', user))
            region = rng.choice(REGION_VALUES)
            if region is not None:
                members.append(('"region"', region))
            r = rng.random()
            if r < 0.45:
                members.append(('"v"', rng.choice(HUGE_INT_VALUES if rng.random() < 0.05 else INT_VALUES)))
            elif r < 0.75:
                members.append(('"v"', rng.choice(FLOAT_VALUES)))
            elif r < 0.9:
                members.append(('"v"', rng.choice(OTHER_VALUES)))
            if rng.random() < 0.6:
                members.append(('"w"', rng.choice(["0.1", "0.2", "0.7", "1", "1e-3", "-0.3", "2.25", "1e308"])))
            if rng.random() < 0.2:
                members.append(('"big"', rng.choice(BIG_VALUES)))
            if rng.random() < 0.3:
                members.append(('"o"', rng.choice(O_VALUES) % rng.choice(O_K_VALUES)))
            members += filter_members(rng, with_o=False)
            rng.shuffle(members)
            if rng.random() < 0.02:                     # rule 4: a repeated name, the first wins
                members.append(rng.choice([('"v"', '"dup"'), ('"user"', '"dup"'), ('"id"', '999'),
                                           ('"ts"', '"2030-01-01T00:00:00Z"'), ('"session_id"', '"x"')]))
        sep = rng.choice([",", ", ", ","])
        line = "{" + sep.join(name + ":" + v for name, v in members) + "}"
        r = rng.random()
        if r < 0.03:
            line += rng.choice(["  ", " ", "\t", " \r", "\r"])   # after the last "}": kept in the bytes
        elif r < 0.035:
            line = rng.choice(['{"user":"a","v":1}', '{"ts":null,"v":1}', 'not json', '{"ts":"soon"}', '', '  '])
        lines.append(line)
    return "".join(l + "\n" for l in lines)


def make_case(i):
    if i < STATEFUL_BASE:
        return make_classic_case(i)
    rng = random.Random(i)
    pipeline, info = gen_stateful_pipeline(rng)
    info["stateful"] = True
    pipeline = add_filter_select(rng, pipeline, info, 0.5, 0.45, 0.3 if info.get("fs_error") else 0)
    return pipeline, gen_stateful_input(rng, info), info


# ---------------------------------------------------------------- running and comparing

def model_expect(pipeline, data):
    """(exit code, stdout, late_output) that eddy must produce."""
    try:
        out, late = eddy_model.run(tomllib.loads(pipeline), data)
    except eddy_model.ConfigError:
        return 78, "", ""
    return 0, out, late or ""


def run_eddy(eddy, pipeline, data):
    with tempfile.TemporaryDirectory(prefix="eddy-diff-") as d:
        with open(os.path.join(d, "pipeline.toml"), "w") as f:
            f.write(pipeline)
        with open(os.path.join(d, "input.ndjson"), "w", newline="") as f:
            f.write(data)
        try:
            p = subprocess.run([eddy, "run", "pipeline.toml", "input.ndjson"], cwd=d, capture_output=True,
                               timeout=60)
        except subprocess.TimeoutExpired:
            return 124, "", "", "eddy did not finish within 60 s"
        except OSError as e:                            # missing, or being rebuilt
            return 127, "", "", "cannot run eddy: %s" % e
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


def clip(text, lines=40):
    parts = text.split("\n")
    if len(parts) <= lines + 1:
        return text
    return "\n".join(parts[:lines]) + "\n… (%d more lines)\n" % (len(parts) - 1 - lines)


def report(i, case, want, got, saved):
    pipeline, data, info = case
    code, out, late, err = got
    want_code, want_out, want_late = want
    text = "=== case %d (alone: gen_cases.py EDDY --cases %d; files in %s)\n" % (i, i, saved)
    if code != want_code:
        text += "eddy exited %d, the model expects %d: %s\n" % (code, want_code, err[:500].rstrip("\n"))
    text += first_difference("stdout", want_out, out) + first_difference("late.ndjson", want_late, late)
    text += "--- pipeline.toml\n" + pipeline + "--- input.ndjson\n" + clip(data)
    text += "--- model stdout\n" + clip(want_out) + "--- eddy stdout\n" + clip(out)
    if info["side"] or late:
        text += "--- model late.ndjson\n" + clip(want_late) + "--- eddy late.ndjson\n" + clip(late)
    return text


def save_case(d, case, want, got):
    pipeline, data, _ = case
    os.makedirs(d, exist_ok=True)
    for name, text in (("pipeline.toml", pipeline), ("input.ndjson", data), ("model.out", want[1]),
                       ("eddy.out", got[1]), ("model.late", want[2]), ("eddy.late", got[2]),
                       ("eddy.err", got[3]), ("model.exit", "%d\n" % want[0]), ("eddy.exit", "%d\n" % got[0])):
        with open(os.path.join(d, name), "w", newline="") as f:
            f.write(text)


def agree(want, got):
    return got[0] == want[0] and got[1] == want[1] and (want[0] != 0 or got[2] == want[2])


def check_case(eddy, i, save):
    """Runs in a worker process: builds case i, runs the model and eddy, compares."""
    case = make_case(i)
    pipeline, data, info = case
    try:
        want = model_expect(pipeline, data)
    except Exception as e:                              # a bug of the model or the generator
        want = (-1, "model failed: %r\n" % e, "")
    got = run_eddy(eddy, pipeline, data)
    ok = agree(want, got)
    n_events = sum(1 for l in data.split("\n") if l.strip())
    text, saved = None, None
    if save or not ok:
        saved = os.path.join(save or os.path.join(tempfile.gettempdir(), "eddy-diff-failed"), str(i))
        save_case(saved, case, want, got)
    if not ok:
        text = report(i, case, want, got, saved)
    return i, ok, sorted(info.get("ops", ())), n_events, text


def reduce_case(eddy, i):
    """Delta debugging over the input lines of case i while eddy and the model still differ."""
    pipeline, data, info = make_case(i)
    lines = data.split("\n")[:-1]

    def differs(ls):
        d = "".join(l + "\n" for l in ls)
        return not agree(model_expect(pipeline, d), run_eddy(eddy, pipeline, d))

    if not differs(lines):
        return None
    chunk = max(1, len(lines) // 2)
    while chunk >= 1:
        pos, changed = 0, False
        while pos < len(lines):
            trial = lines[:pos] + lines[pos + chunk:]
            if trial and differs(trial):
                lines, changed = trial, True
            else:
                pos += chunk
        if not changed:
            chunk //= 2
    d = "".join(l + "\n" for l in lines)
    want, got = model_expect(pipeline, d), run_eddy(eddy, pipeline, d)
    return report(i, (pipeline, d, info), want, got, "(reduced)")


def parse_cases(spec):
    ids = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            ids.extend(range(int(a), int(b) + 1))
        elif part:
            ids.append(int(part))
    return ids


OP_NAMES = {"session": "session window", "dedup": "dedup", "sessionize": "sessionize", "filter": "filter",
            "select": "select"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("eddy")
    ap.add_argument("--cases")
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--save")
    ap.add_argument("--show", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 2))
    ap.add_argument("--reduce", action="store_true")
    args = ap.parse_args()
    eddy = os.path.abspath(args.eddy) if os.sep in args.eddy else args.eddy
    ids = parse_cases(args.cases) if args.cases else list(range(args.first, args.first + args.count))
    results = {}
    with concurrent.futures.ProcessPoolExecutor(max(1, args.jobs)) as pool:
        # big cases first, so that the two workers finish together
        order = sorted(ids, key=lambda i: i < STATEFUL_BASE)
        futures = [pool.submit(check_case, eddy, i, args.save) for i in order]
        for f in futures:
            i, ok, ops, n_events, text = f.result()
            results[i] = (ok, ops, n_events, text)
    bad = [i for i in ids if not results[i][0]]
    events = {op: 0 for op in OP_NAMES}
    for ok, ops, n_events, _ in results.values():
        for op in ops:
            events[op] += n_events
    # The summary comes first too: the scenario runner shows only the head of a failing script's output.
    print("differential: %d cases, %d agree, %d differ%s" % (
        len(ids), len(ids) - len(bad), len(bad), (": " + " ".join(map(str, bad[:40]))) if bad else ""))
    print("differential: input events per operator: %s" % ", ".join(
        "%s %d" % (OP_NAMES[op], n) for op, n in events.items()))
    for i in bad[:args.show]:
        print(results[i][3], end="")
    if bad and args.reduce:
        reduced = reduce_case(eddy, bad[0])
        if reduced:
            print("=== reduced input of case %d\n%s" % (bad[0], reduced), end="")
    print("differential: %d passed, %d failed" % (len(ids) - len(bad), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
