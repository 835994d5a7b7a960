#!/usr/bin/env python3
# An executable model of SPEC.md §2-§4 and §8 for key_by and tumbling/sliding windows, written
# from the spec alone, so that tests/scenarios/differential.sh can compare eddy with it byte for byte.
"""Usage: eddy_model.py PIPELINE.toml [INPUT.ndjson]   (stdin when no input)

Prints on stdout the bytes eddy should print; late events under late_events = "side_output"
are appended to late_output (relative to the current directory), as eddy does.
Python 3.11 standard library only.
"""
import calendar
import json
import math
import re
import sys
import tomllib
from decimal import Decimal, ROUND_FLOOR

INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
NEG_INF, POS_INF = float("-inf"), float("inf")
UNIT_NS = {"ns": 1, "us": 10**3, "ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9,
           "d": 86400 * 10**9}


class ModelError(Exception):
    """The pipeline uses something this model does not cover (not a verdict on eddy)."""


# ---------------------------------------------------------------- JSON values (rule 4, 12, 19)

class JFloat(float):
    """A JSON number that was not an integer token; keeps its decimal text for epoch times."""
    __slots__ = ("text",)

    def __new__(cls, text):
        obj = float.__new__(cls, text)
        obj.text = text
        return obj


def _first_wins(pairs):
    obj = {}
    for name, value in pairs:
        if name not in obj:          # rule 4: the first occurrence wins
            obj[name] = value
    return obj


def parse_line(line):
    """The record as a dict, or None when the line is not a JSON object."""
    try:
        value = json.loads(line, object_pairs_hook=_first_wins, parse_float=JFloat, parse_int=int,
                           parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _reject_constant(name):
    raise ValueError(name)


def format_float(x):
    """Rule 19 (Python repr); NaN and infinities print null (rule 31)."""
    if math.isnan(x) or math.isinf(x):
        return "null"
    return repr(float(x))


def canon(v):
    """Canonical compact JSON text of a value (rule 12)."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return format_float(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ",".join(canon(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canon(x) for k, x in v.items()) + "}"
    raise TypeError(type(v))


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def get_path(record, path):
    """Rule 7: dotted path walks objects; a JSON pointer also indexes arrays. Missing -> None."""
    if path.startswith("/"):
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in path[1:].split("/")]
    else:
        tokens = path.split(".")
    cur = record
    for tok in tokens:
        if isinstance(cur, dict):
            if tok not in cur:
                return None
            cur = cur[tok]
        elif isinstance(cur, list) and path.startswith("/") and re.fullmatch(r"0|[1-9][0-9]*", tok):
            i = int(tok)
            if i >= len(cur):
                return None
            cur = cur[i]
        else:
            return None
    return cur


# ---------------------------------------------------------------- time (§3, rules 2, 3, 25)

_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
                      r"(Z|z|[+-]\d{2}:\d{2})?")


def parse_rfc3339(s):
    m = _RFC3339.fullmatch(s)
    if not m:
        return None
    y, mo, d, hh, mi, ss = (int(m.group(i)) for i in range(1, 7))
    if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1] and hh <= 23 and mi <= 59
            and ss <= 59):
        return None
    frac = (m.group(7) or "")[:9].ljust(9, "0")
    off = m.group(8)
    off_s = 0
    if off and off not in ("Z", "z"):
        sign = -1 if off[0] == "-" else 1
        oh, om = int(off[1:3]), int(off[4:6])
        if oh > 23 or om > 59:
            return None
        off_s = sign * (oh * 3600 + om * 60)
    elif not off:
        off_s = 0                    # [source] timezone default "UTC"; the model covers UTC only
    secs = calendar.timegm((y, mo, d, hh, mi, ss, 0, 0, 0)) - off_s
    return _in_range(secs * 10**9 + int(frac))


def _in_range(ns):
    return ns if INT64_MIN <= ns <= INT64_MAX else None


def _epoch(text, unit_ns):
    try:
        dec = Decimal(text)
    except ArithmeticError:
        return None
    if not dec.is_finite():
        return None
    return _in_range(int((dec * unit_ns).to_integral_value(rounding=ROUND_FLOOR)))


def _number_text(v):
    return v.text if isinstance(v, JFloat) else str(v)


# "Numeric strings" (rule 2) read as JSON number text; leading zeros allowed ("007").
_NUMERIC_STRING = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def parse_time(v, fmt):
    """Event time in ns, or None when missing or unparsable."""
    if v is None or isinstance(v, bool):
        return None
    if fmt == "rfc3339":
        return parse_rfc3339(v) if isinstance(v, str) else None
    if fmt in ("epoch_s", "epoch_ms", "epoch_us", "epoch_ns"):
        unit = UNIT_NS[fmt[6:]]
        if is_number(v):
            return _epoch(_number_text(v), unit)
        if isinstance(v, str) and _NUMERIC_STRING.fullmatch(v):
            return _epoch(v, unit)
        return None
    if fmt == "auto":
        if isinstance(v, str):
            if re.fullmatch(r"[0-9]+", v):
                return _epoch(v, _auto_unit(Decimal(v)))
            return parse_rfc3339(v)
        if is_number(v):
            text = _number_text(v)
            return _epoch(text, _auto_unit(abs(Decimal(text))))
        return None
    raise ModelError("time_format %r is not covered by the model" % fmt)


def _auto_unit(mag):
    if mag < Decimal("1e11"):
        return 10**9
    if mag < Decimal("1e14"):
        return 10**6
    if mag < Decimal("1e17"):
        return 10**3
    return 1


def format_bound(ns, fmt):
    """Rule 25: floored to the unit; rfc3339 in UTC with milliseconds; epoch_* as integers."""
    if fmt == "rfc3339":
        secs, rem = divmod(ns, 10**9)
        days, sod = divmod(secs, 86400)
        y, mo, d = _civil_from_days(days)
        return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (y, mo, d, sod // 3600, sod // 60 % 60, sod % 60,
                                                          rem // 10**6)
    unit = UNIT_NS[fmt[6:]]
    return ns // unit


def _civil_from_days(z):
    # Howard Hinnant's algorithm: proleptic Gregorian date of a day count since 1970-01-01.
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y), m, d


# ---------------------------------------------------------------- durations (rule 9)

_DURATION_PART = re.compile(r"(-?[0-9]+)(ns|us|ms|s|m|h|d)")


def parse_duration(s):
    """Rule 9: integer+unit parts, summed. A negative part is only modelled when it is the only
    part ("-45m"): whether "-1s500ms" is -1.5s or -0.5s is not pinned by SPEC."""
    if not isinstance(s, str) or not s:
        raise ModelError("bad duration %r" % (s,))
    pos, total, parts, signed = 0, 0, 0, False
    while pos < len(s):
        m = _DURATION_PART.match(s, pos)
        if not m:
            raise ModelError("bad duration %r" % s)
        total += int(m.group(1)) * UNIT_NS[m.group(2)]
        parts += 1
        signed = signed or m.group(1).startswith("-")
        pos = m.end()
    if signed and parts > 1:
        raise ModelError("signed duration with several parts %r is not covered by the model" % s)
    return total


# ---------------------------------------------------------------- aggregates (rules 15-19)

class Sum:
    """Exact int64 while every input is an int64 integer; a double from then on (rule 17)."""
    __slots__ = ("value", "n")

    def __init__(self):
        self.value = None            # None: no usable value yet
        self.n = 0

    def add(self, v):
        if not is_number(v):
            return
        self.n += 1
        exact_int = isinstance(v, int) and INT64_MIN <= v <= INT64_MAX
        if self.value is None:
            self.value = v if exact_int else float(v)
        elif isinstance(self.value, int) and exact_int:
            s = self.value + v
            self.value = s if INT64_MIN <= s <= INT64_MAX else float(self.value) + float(v)
        else:
            self.value = float(self.value) + float(v)


class Aggregate:
    __slots__ = ("fn", "field", "count", "sum", "best", "best_pos", "distinct")

    def __init__(self, fn, field):
        self.fn, self.field = fn, field
        self.count = 0
        self.sum = Sum()
        self.best = None             # min/max value, or first/last value
        self.best_pos = None         # first/last: (time, arrival)
        self.distinct = set()

    def add(self, record, t, seq):
        fn = self.fn
        if fn == "count":
            self.count += 1
            return
        v = get_path(record, self.field)
        if v is None:
            return
        if fn in ("sum", "avg"):
            self.sum.add(v)
        elif fn in ("min", "max"):
            if not is_number(v):
                return
            if self.best is None or (v < self.best if fn == "min" else v > self.best):
                self.best = v        # ties keep the first to arrive (rule 16)
        elif fn == "first":
            if self.best_pos is None or (t, seq) < self.best_pos:
                self.best, self.best_pos = v, (t, seq)
        elif fn == "last":
            if self.best_pos is None or (t, seq) > self.best_pos:
                self.best, self.best_pos = v, (t, seq)
        elif fn == "count_distinct":
            self.distinct.add(canon(v))

    def result(self):
        """The row value: an int, a float, or an input value (printed canonically)."""
        fn = self.fn
        if fn == "count":
            return self.count
        if fn == "sum":
            return self.sum.value
        if fn == "avg":
            if self.sum.n == 0:
                return None
            return float(self.sum.value) / self.sum.n
        if fn == "count_distinct":
            return len(self.distinct)
        return self.best


_AGG = re.compile(r"\s*(count|sum|min|max|avg|first|last|count_distinct)\s*\(\s*([^()]*?)\s*\)\s*")


def parse_aggregate(text):
    m = _AGG.fullmatch(text)
    if not m:
        raise ModelError("aggregate %r is not covered by the model" % text)
    fn, arg = m.group(1), m.group(2)
    if (fn == "count") != (arg == ""):
        raise ModelError("bad aggregate %r" % text)
    return fn, arg


def nonfinite_to_null(v):
    return None if isinstance(v, float) and (math.isnan(v) or math.isinf(v)) else v


# ---------------------------------------------------------------- events and windows

class Event:
    __slots__ = ("t", "key_text", "key_fields", "record", "raw")

    def __init__(self, t, key_text, key_fields, record, raw):
        self.t = t                   # event time, ns
        self.key_text = key_text     # rule 12: the compact JSON array of the key values
        self.key_fields = key_fields # [(name as written in key_by, value)]
        self.record = record         # dict the stages read fields from
        self.raw = raw               # the input line (source events), for late_output


class Row:
    __slots__ = ("end", "key_text", "key_fields", "start", "fields")

    def __init__(self, end, key_text, key_fields, start, fields):
        self.end, self.key_text, self.key_fields = end, key_text, key_fields
        self.start, self.fields = start, fields

    def sort_key(self):
        return (self.end, self.key_text.encode("utf-8"), self.start)

    def line(self):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canon(nonfinite_to_null(v))
                              for k, v in self.fields) + "}"


class Window:
    __slots__ = ("key_fields", "aggs", "fired", "revision")

    def __init__(self, key_fields, aggs):
        self.key_fields = key_fields
        self.aggs = aggs
        self.fired = False
        self.revision = 0


class WindowStage:
    def __init__(self, stage, lateness, out_fmt):
        wtype = stage.get("type")
        self.size = parse_duration(stage["size"])
        if wtype == "tumbling":
            self.slide = self.size
        elif wtype == "sliding":
            self.slide = parse_duration(stage["slide"])
        else:
            raise ModelError("window type %r is not covered by the model" % wtype)
        if self.size <= 0 or self.slide <= 0:
            raise ModelError("size and slide must be positive")
        self.offset = parse_duration(stage.get("offset", "0s")) % self.slide   # rule 9
        self.aggs = [(name, parse_aggregate(text)) for name, text in stage.get("aggregate", {}).items()]
        self.lateness = lateness
        self.out_fmt = out_fmt
        self.W = NEG_INF
        self.windows = {}            # (key_text, start) -> Window
        self.seq = 0                 # arrival order of the events this stage receives

    def starts(self, t):
        """Starts of every window [k*slide+offset, k*slide+offset+size) holding t."""
        k_hi = (t - self.offset) // self.slide
        k_lo = (t - self.offset - self.size) // self.slide + 1
        return [k * self.slide + self.offset for k in range(k_lo, k_hi + 1)]

    def row(self, key_text, start, win):
        fields = list(win.key_fields)
        fields.append(("window_start", format_bound(start, self.out_fmt)))
        fields.append(("window_end", format_bound(start + self.size, self.out_fmt)))
        for (name, _), agg in zip(self.aggs, win.aggs):
            fields.append((name, agg.result()))
        if self.lateness > 0:
            fields.append(("revision", win.revision))
        return Row(start + self.size, key_text, win.key_fields, start, fields)

    def accept(self, ev):
        """Judge and apply an event against the current W. Returns (rows emitted at once,
        whether it is a late event)."""
        self.seq += 1
        starts = self.starts(ev.t)
        if not starts:
            return [], False         # rule 23: a hole; ignored, not late
        rows, accepted = [], False
        for start in starts:
            end = start + self.size
            if self.W >= end + self.lateness:
                continue             # late for this window
            accepted = True
            win = self.windows.get((ev.key_text, start))
            if win is None:
                win = Window(ev.key_fields, [Aggregate(fn, f) for _, (fn, f) in self.aggs])
                self.windows[(ev.key_text, start)] = win
            for agg in win.aggs:
                agg.add(ev.record, ev.t, self.seq)
            if win.fired or self.W >= end:
                # a fired window re-emits at once; rule 21: one created after W passed its end
                # fires at once with revision 1
                win.fired = True
                win.revision += 1
                rows.append(self.row(ev.key_text, start, win))
        return rows, not accepted

    def advance(self, new_w):
        """Moves W forward, fires what it closes, drops state past end + L. Returns the rows."""
        if new_w > self.W:
            self.W = new_w
        rows = []
        for (key_text, start), win in list(self.windows.items()):
            end = start + self.size
            if not win.fired and self.W >= end:
                win.fired = True
                win.revision = 1
                rows.append(self.row(key_text, start, win))
            if self.W >= end + self.lateness:
                del self.windows[(key_text, start)]
        rows.sort(key=Row.sort_key)
        return rows


class KeyBy:
    def __init__(self, stage):
        self.fields = list(stage["fields"])

    def apply(self, ev):
        values = [get_path(ev.record, f) for f in self.fields]
        ev.key_fields = list(zip(self.fields, values))
        ev.key_text = "[" + ",".join(canon(v) for v in values) + "]"


# ---------------------------------------------------------------- the pipeline

class Pipeline:
    def __init__(self, config):
        known = {"source", "watermark", "output", "stage", "state", "test"}
        for section in config:
            if section not in known:
                raise ModelError("unknown section %r" % section)
        if config.get("state", {}).get("dir"):
            raise ModelError("[state] dir is not covered")
        src = config.get("source", {})
        self.time_field = src.get("time_field", "ts")
        self.time_format = src.get("time_format", "auto")
        if src.get("timezone", "UTC") != "UTC":
            raise ModelError("timezones other than UTC are not covered")
        wm = config.get("watermark", {})
        self.ooo = parse_duration(wm.get("max_out_of_orderness", "0s"))
        self.lateness = parse_duration(wm.get("allowed_lateness", "0s"))
        self.late_events = wm.get("late_events", "drop")
        self.late_output = wm.get("late_output")
        if wm.get("idle_timeout", "off") != "off" or wm.get("max_future", "off") != "off":
            raise ModelError("idle_timeout / max_future are not covered")
        out_fmt = config.get("output", {}).get("time_format", "rfc3339")
        if out_fmt not in ("rfc3339", "epoch_s", "epoch_ms", "epoch_us", "epoch_ns"):
            raise ModelError("bad output time_format")
        self.stages = []
        for stage in config.get("stage", []):
            op = stage.get("op")
            if op == "key_by":
                self.stages.append(KeyBy(stage))
            elif op == "window":
                self.stages.append(WindowStage(stage, self.lateness, out_fmt))
            else:
                raise ModelError("stage op %r is not covered by the model" % op)
        self.windows = [i for i, s in enumerate(self.stages) if isinstance(s, WindowStage)]
        if self.lateness > 0 and len(self.windows) > 1:
            raise ModelError("allowed_lateness > 0 with chained windows is a configuration error")
        self.W = NEG_INF
        self.out = []                # output lines
        self.late = []               # late_output lines

    def feed(self, i, ev, batch):
        """Runs an event through stages i.. ; rows reaching the end go to batch."""
        while i < len(self.stages):
            stage = self.stages[i]
            if isinstance(stage, KeyBy):
                stage.apply(ev)
                i += 1
                continue
            rows, late = stage.accept(ev)
            for row in sorted(rows, key=Row.sort_key):
                self.feed(i + 1, self.row_event(row), batch)
            return late
        batch.append(ev)
        return False

    @staticmethod
    def row_event(row):
        # A window row is an event at window_end - 1 ns; its key carries over (README).
        # The next stage reads the row as printed: a NaN or infinite aggregate is null there.
        record = {name: nonfinite_to_null(v) for name, v in row.fields}
        return Event(row.end - 1, row.key_text, row.key_fields, record, row)

    def advance(self, new_w, batch):
        for i in self.windows:
            for row in self.stages[i].advance(new_w):
                self.feed(i + 1, self.row_event(row), batch)

    def flush(self, batch):
        if not self.windows:
            self.out.extend(ev.raw for ev in batch)     # pass-through: original bytes
            return
        rows = [ev.raw for ev in batch]
        rows.sort(key=Row.sort_key)                  # rule 20
        self.out.extend(r.line() for r in rows)

    def run_line(self, line):
        if line.strip(" \t\r\n") == "":
            return                   # blank (rule 5)
        record = parse_line(line)
        if record is None:
            return                   # invalid: skipped
        t = parse_time(get_path(record, self.time_field), self.time_format)
        if t is None:
            return
        ev = Event(t, "[]", [], record, line)
        batch = []
        late = self.feed(0, ev, batch)
        if late and self.late_events == "side_output":
            self.late.append(line)
        new_w = max(self.W, t - self.ooo)
        self.W = new_w
        self.advance(new_w, batch)
        self.flush(batch)

    def drain(self):
        batch = []
        self.W = POS_INF
        self.advance(POS_INF, batch)
        self.flush(batch)


def split_lines(data):
    """NDJSON lines of the decoded input, without the final newline of each."""
    if data.startswith("\ufeff"):
        data = data[1:]
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def run(config, data):
    """Returns (stdout text, late_output text or None)."""
    p = Pipeline(config)
    for line in split_lines(data):
        p.run_line(line)
    p.drain()
    out = "".join(l + "\n" for l in p.out)
    late = "".join(l + "\n" for l in p.late) if p.late_events == "side_output" else None
    return out, late


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 64
    with open(argv[1], "rb") as f:
        config = tomllib.load(f)
    if len(argv) == 3 and argv[2] != "-":
        with open(argv[2], encoding="utf-8", newline="") as f:
            data = f.read()
    else:
        data = sys.stdin.buffer.read().decode("utf-8")
    try:
        out, late = run(config, data)
    except ModelError as e:
        sys.stderr.write("eddy_model: %s\n" % e)
        return 78
    sys.stdout.buffer.write(out.encode("utf-8"))
    if late is not None:
        with open(config["watermark"]["late_output"], "a", encoding="utf-8", newline="") as f:
            f.write(late)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
