#!/usr/bin/env python3
# An executable model of SPEC.md §2-§4 and §8 (and docs/stateful-stages.md, docs/filter-select.md) for
# key_by, filter, select, tumbling, sliding and session windows, dedup and sessionize, written from the
# written contract alone, so that tests/scenarios/differential.sh can compare eddy with it byte for byte.
"""Usage: eddy_model.py PIPELINE.toml [INPUT.ndjson]   (stdin when no input)

Prints on stdout the bytes eddy should print; late events under late_events = "side_output"
are appended to late_output (relative to the current directory), as eddy does.
Exit 78 for a configuration error the model recognises (and for what it does not cover).
Python 3.11 standard library only, plus libxxhash through ctypes for sessionize ids.
"""
import calendar
import ctypes
import heapq
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


class ConfigError(ModelError):
    """A configuration error that eddy must refuse with exit 78, too."""


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


MAX_DEPTH = 1024                     # rule 5: the top-level object is depth 1
sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))


def _too_deep(line):
    if line.count("{") + line.count("[") <= MAX_DEPTH:
        return False
    depth, in_str, esc = 0, False, False
    for c in line:
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in "{[":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif c in "}]":
            depth -= 1
    return False


def parse_line(line):
    """The record as a dict, or None when the line is not a JSON object."""
    if _too_deep(line):
        return None
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


MISSING = object()                   # a path that does not exist in the record (not null)
_INDEX = re.compile(r"0|[1-9][0-9]*")


def path_steps(path):
    """(is a JSON pointer, its steps): rule 7."""
    if path.startswith("/"):
        return True, [t.replace("~1", "/").replace("~0", "~") for t in path[1:].split("/")]
    return False, path.split(".")


def lookup(record, path):
    """Rule 7: dotted path walks objects; a JSON pointer also indexes arrays. MISSING when absent."""
    pointer, tokens = path_steps(path)
    cur = record
    for tok in tokens:
        if isinstance(cur, dict):
            if tok not in cur:
                return MISSING
            cur = cur[tok]
        elif isinstance(cur, list) and pointer and _INDEX.fullmatch(tok):
            i = int(tok)
            if i >= len(cur):
                return MISSING
            cur = cur[i]
        else:
            return MISSING
    return cur


def get_path(record, path):
    """As lookup, but a missing path reads as None (null)."""
    v = lookup(record, path)
    return None if v is MISSING else v


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

    def merge(self, other):
        """Adds another partial sum after this one (session merges, docs/stateful-stages.md)."""
        self.n += other.n
        if other.value is None:
            return
        if self.value is None:
            self.value = other.value
        elif isinstance(self.value, int) and isinstance(other.value, int):
            s = self.value + other.value
            self.value = s if INT64_MIN <= s <= INT64_MAX else float(self.value) + float(other.value)
        else:
            self.value = float(self.value) + float(other.value)


class Aggregate:
    __slots__ = ("fn", "field", "count", "sum", "best", "best_pos", "distinct")
    # best_pos: first/last: (time, arrival); min/max: arrival of the kept value (ties: first to arrive)

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
                self.best, self.best_pos = v, seq   # ties keep the first to arrive (rule 16)
        elif fn == "first":
            if self.best_pos is None or (t, seq) < self.best_pos:
                self.best, self.best_pos = v, (t, seq)
        elif fn == "last":
            if self.best_pos is None or (t, seq) > self.best_pos:
                self.best, self.best_pos = v, (t, seq)
        elif fn == "count_distinct":
            self.distinct.add(canon(v))

    def merge(self, other):
        """Absorbs the state of a later-starting session: exact for count, min/max (ties: first to
        arrive), first/last (by time, then arrival), count_distinct; sums add partial sums."""
        fn = self.fn
        if fn == "count":
            self.count += other.count
        elif fn in ("sum", "avg"):
            self.sum.merge(other.sum)
        elif fn in ("min", "max"):
            if other.best is None:
                return
            if self.best is None:
                better = True
            elif other.best == self.best:
                better = other.best_pos < self.best_pos
            else:
                better = other.best < self.best if fn == "min" else other.best > self.best
            if better:
                self.best, self.best_pos = other.best, other.best_pos
        elif fn == "first":
            if other.best_pos is not None and (self.best_pos is None or other.best_pos < self.best_pos):
                self.best, self.best_pos = other.best, other.best_pos
        elif fn == "last":
            if other.best_pos is not None and (self.best_pos is None or other.best_pos > self.best_pos):
                self.best, self.best_pos = other.best, other.best_pos
        elif fn == "count_distinct":
            self.distinct |= other.distinct

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


# ---------------------------------------------------------------- events and rows

class Event:
    __slots__ = ("t", "key_text", "key_fields", "record", "raw", "row")

    def __init__(self, t, key_text, key_fields, record, raw, row=None):
        self.t = t                   # event time, ns
        self.key_text = key_text     # rule 12: the compact JSON array of the key values
        self.key_fields = key_fields # [(name as written in key_by, value)]
        self.record = record         # dict the stages read fields from
        self.raw = raw               # the record's bytes (text) without the final \n: what a
                                     # pass-through stage, late_output and dedup ["*"] see
        self.row = row               # the Row when the event is a window row


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

    def event(self):
        # A window row is an event at window_end - 1 ns; its key carries over (README).
        # The next stage reads the row as printed: a NaN or infinite aggregate is null there.
        record = {name: nonfinite_to_null(v) for name, v in self.fields}
        return Event(self.end - 1, self.key_text, self.key_fields, record, self.line(), self)


def window_row(stage, key_text, key_fields, start, end, aggs, revision):
    fields = list(key_fields)
    fields.append(("window_start", format_bound(start, stage.out_fmt)))
    fields.append(("window_end", format_bound(end, stage.out_fmt)))
    for (name, _), agg in zip(stage.aggs, aggs):
        fields.append((name, agg.result()))
    if stage.lateness > 0:
        fields.append(("revision", revision))
    return Row(end, key_text, key_fields, start, fields)


# ---------------------------------------------------------------- stages
#
# A stateful stage has:  W (its own watermark), accept(ev) -> (events passed on now, late?),
# advance(w) -> events passed on (fired), forwarded() -> the W it passes on after firing.

class Window:
    __slots__ = ("key_fields", "aggs", "fired", "revision")

    def __init__(self, key_fields, aggs):
        self.key_fields = key_fields
        self.aggs = aggs
        self.fired = False
        self.revision = 0


class WindowStage:
    """Tumbling and sliding windows (§3)."""
    emits_rows = True

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
            raise ConfigError("size and slide must be positive")
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
        return window_row(self, key_text, win.key_fields, start, start + self.size, win.aggs,
                          win.revision).event()

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
        if new_w <= self.W:
            return []                # nothing can close without W moving (see README)
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
        rows.sort(key=lambda e: e.row.sort_key())
        return rows

    def forwarded(self):
        return self.W


class Session:
    __slots__ = ("start", "last", "key_fields", "aggs", "revision", "pending")

    def __init__(self, start, last, key_fields, aggs):
        self.start, self.last = start, last
        self.key_fields = key_fields
        self.aggs = aggs
        self.revision = 0            # the revision it last printed (0 = never)
        self.pending = True          # to be printed when W reaches its end


class SessionWindowStage:
    """Session windows (§3, rule 22, docs/stateful-stages.md)."""
    emits_rows = True

    def __init__(self, stage, lateness, out_fmt):
        for name in ("size", "slide", "offset"):
            if name in stage:
                raise ConfigError("%r does not apply to a session window" % name)
        if "gap" not in stage:
            raise ConfigError("a session window needs gap")
        self.gap = parse_duration(stage["gap"])
        if self.gap <= 0:
            raise ConfigError("gap must be positive")
        self.aggs = [(name, parse_aggregate(text)) for name, text in stage.get("aggregate", {}).items()]
        self.lateness = lateness
        self.out_fmt = out_fmt
        self.W = NEG_INF
        self.sessions = {}           # key_text -> [Session]
        self.seq = 0

    def row(self, key_text, s):
        return window_row(self, key_text, s.key_fields, s.start, s.last + self.gap, s.aggs,
                          s.revision).event()

    def accept(self, ev):
        self.seq += 1
        t, gap = ev.t, self.gap
        mine = self.sessions.setdefault(ev.key_text, [])
        touched = [s for s in mine if t <= s.last + gap and t + gap >= s.start]
        start = min([t] + [s.start for s in touched])
        last = max([t] + [s.last for s in touched])
        end = last + gap
        if self.W >= end + self.lateness:
            return [], True          # late: changes nothing
        touched.sort(key=lambda s: s.start)
        if touched:
            merged = touched[0]      # the earliest absorbs the next, and so on
            for s in touched[1:]:
                for a, b in zip(merged.aggs, s.aggs):
                    a.merge(b)
            revision = max(s.revision for s in touched)
            for s in touched:
                mine.remove(s)
        else:
            merged = Session(t, t, ev.key_fields, [Aggregate(fn, f) for _, (fn, f) in self.aggs])
            revision = 0
        for agg in merged.aggs:      # the event's own value last
            agg.add(ev.record, t, self.seq)
        merged.start, merged.last = start, last
        merged.revision, merged.pending = revision, True
        mine.append(merged)
        if end <= self.W:            # only possible with L > 0: printed at once
            merged.revision += 1
            merged.pending = False
            return [self.row(ev.key_text, merged)], False
        return [], False

    def advance(self, new_w):
        if new_w <= self.W:
            return []
        self.W = new_w
        rows = []
        for key_text, mine in list(self.sessions.items()):
            keep = []
            for s in mine:
                end = s.last + self.gap
                if s.pending and self.W >= end:
                    s.revision += 1
                    s.pending = False
                    rows.append(self.row(key_text, s))
                if self.W < end + self.lateness:
                    keep.append(s)
            if keep:
                self.sessions[key_text] = keep
            else:
                del self.sessions[key_text]
        rows.sort(key=lambda e: e.row.sort_key())
        return rows

    def forwarded(self):
        return self.W


class DedupStage:
    """dedup (§3, rule 14, docs/stateful-stages.md)."""
    emits_rows = False

    def __init__(self, stage, keyed):
        if "fields" in stage:
            self.fields = list(stage["fields"])
        else:
            if not keyed:
                raise ConfigError("dedup without fields needs a key_by before it")
            self.fields = []
        self.whole = self.fields == ["*"]
        within = stage.get("within")
        if within is None:
            raise ConfigError("dedup needs within")
        if within == "forever":
            self.within = None
        else:
            self.within = parse_duration(within)
            if self.within <= 0:
                raise ConfigError("within must be positive")
        self.W = NEG_INF
        self.seen = {}               # identity -> first_ts
        self.expiry = []             # heap of (first_ts + within, identity)

    def identity(self, ev):
        if self.whole:
            return (ev.key_text, ev.raw)
        return (ev.key_text,) + tuple(canon(get_path(ev.record, f)) for f in self.fields)

    def accept(self, ev):
        if self.within is not None and ev.t + self.within <= self.W:
            return [], True          # late, even if it is also a duplicate
        ident = self.identity(ev)
        if ident in self.seen:
            return [], False         # a duplicate: dropped, not late
        self.seen[ident] = ev.t
        if self.within is not None:
            heapq.heappush(self.expiry, (ev.t + self.within, ident))
        return [ev], False

    def advance(self, new_w):
        if new_w > self.W:
            self.W = new_w
        while self.expiry and self.W >= self.expiry[0][0]:
            _, ident = heapq.heappop(self.expiry)
            del self.seen[ident]     # never refreshed, so the heap entry is the live one
        return []

    def forwarded(self):
        return self.W


_xxhash = None


def xxh3_64(data):
    global _xxhash
    if _xxhash is None:
        try:
            lib = ctypes.CDLL("libxxhash.so.0")
        except OSError as e:
            raise ModelError("sessionize ids need libxxhash.so.0 (make deps): %s" % e)
        lib.XXH3_64bits.restype = ctypes.c_uint64
        lib.XXH3_64bits.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
        _xxhash = lib
    return _xxhash.XXH3_64bits(data, len(data))


class SSession:
    __slots__ = ("start", "last", "events", "cut")

    def __init__(self, start, last, events):
        self.start, self.last, self.events = start, last, events
        self.cut = False


class SessionizeStage:
    """sessionize (§3, rule 24, docs/stateful-stages.md)."""
    emits_rows = False

    def __init__(self, stage):
        if "gap" not in stage:
            raise ConfigError("sessionize needs gap")
        self.gap = parse_duration(stage["gap"])
        if self.gap <= 0:
            raise ConfigError("gap must be positive")
        self.max_duration = parse_duration(stage["max_duration"]) if "max_duration" in stage else None
        self.id_field = stage.get("id_field", "session_id")
        self.seq_field = stage.get("seq_field", "session_seq")
        self.W = NEG_INF
        self.fwd = NEG_INF           # the held-back W passed on
        self.sessions = {}           # key_text -> [SSession]
        self.seq = 0

    def accept(self, ev):
        self.seq += 1
        t, gap = ev.t, self.gap
        mine = self.sessions.setdefault(ev.key_text, [])
        touched = [s for s in mine if not s.cut and t <= s.last + gap and t + gap >= s.start]
        start = min([t] + [s.start for s in touched])
        last = max([t] + [s.last for s in touched])
        cut = bool(touched) and self.max_duration is not None and last - start > self.max_duration
        # Late (L = 0) when W >= the end of the session the event would be in: its own after a cut.
        if self.W >= (t if cut else last) + gap:
            return [], True          # a late event cuts nothing
        item = (t, self.seq, ev)
        if cut:
            for s in touched:
                s.cut = True         # they take no more events, and fire at their end as usual
            mine.append(SSession(t, t, [item]))
            return [], False
        events = [item]
        for s in touched:
            events.extend(s.events)
            mine.remove(s)
        mine.append(SSession(start, last, events))
        return [], False

    def emit(self, key_text, s):
        sid = "%016x" % xxh3_64(("%s@%d" % (key_text, s.start)).encode("utf-8"))
        out = []
        for n, (_, _, ev) in enumerate(sorted(s.events, key=lambda it: (it[0], it[1])), 1):
            raw = ev.raw
            pos = raw.rfind("}")
            added = "%s:\"%s\",%s:%d" % (json.dumps(self.id_field, ensure_ascii=False), sid,
                                         json.dumps(self.seq_field, ensure_ascii=False), n)
            if ev.record:
                added = "," + added
            record = dict(ev.record)
            record.setdefault(self.id_field, sid)      # a field already there keeps its value (rule 4)
            record.setdefault(self.seq_field, n)
            out.append(Event(ev.t, ev.key_text, ev.key_fields, record, raw[:pos] + added + raw[pos:]))
        return out

    def advance(self, new_w):
        if new_w > self.W:           # a session in state always ends after W: nothing closes else
            self.W = new_w
            fired = []
            for key_text, mine in list(self.sessions.items()):
                keep = []
                for s in mine:
                    if self.W >= s.last + self.gap:
                        # (end, key text, start); sessions equal in all three (possible only after
                        # max_duration cuts) by the arrival of their first event by (time, arrival)
                        first = min((t, seq) for t, seq, _ in s.events)[1]
                        fired.append((s.last + self.gap, key_text.encode("utf-8"), s.start, first, key_text, s))
                    else:
                        keep.append(s)
                if keep:
                    self.sessions[key_text] = keep
                else:
                    del self.sessions[key_text]
            fired.sort(key=lambda f: f[:4])
            out = []
            for _, _, _, _, key_text, s in fired:
                out.extend(self.emit(key_text, s))
        else:
            out = []
        held = self.W - self.gap
        for mine in self.sessions.values():
            for s in mine:
                held = min(held, s.start)
        self.fwd = max(self.fwd, held)
        return out

    def forwarded(self):
        return self.fwd


class KeyBy:
    def __init__(self, stage):
        self.fields = list(stage["fields"])

    def apply(self, ev):
        values = [get_path(ev.record, f) for f in self.fields]
        ev.key_fields = list(zip(self.fields, values))
        ev.key_text = "[" + ",".join(canon(v) for v in values) + "]"


# ---------------------------------------------------------------- filter and select (docs/filter-select.md)
#
# filter: a small recursive-descent parser of the `where` grammar that compiles the expression into
# Python closures over the record; select: a projection that copies each selected value's JSON text
# verbatim, found by walking the record's raw text (so inner whitespace and escapes are kept).

_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_EXPR_WS = " \t\n\r"
_POINTER_STOP = set(" \t\n\r()[],=!<>&|\"'")
_EXPR_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_COMPARE_OPS = ("==", "!=", "<=", ">=", "<", ">")
_KEYWORDS = ("true", "false", "null", "in", "exists", "matches")
_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _path_start(c):
    return c in _ASCII_LETTERS or c in "_$@" or not c.isascii()


def _path_char(c):
    return _path_start(c) or c in "0123456789-."


def _unescape(inner):
    """The characters of a quoted string with JSON's escapes (and \\'); None when an escape is bad."""
    out, i, n = [], 0, len(inner)
    while i < n:
        c = inner[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = inner[i + 1]
        if e in _ESCAPES:
            out.append(_ESCAPES[e])
            i += 2
            continue
        if e != "u" or not re.fullmatch(r"[0-9a-fA-F]{4}", inner[i + 2:i + 6]):
            return None
        code = int(inner[i + 2:i + 6], 16)
        i += 6
        if 0xD800 <= code <= 0xDBFF:
            m = re.match(r"\\u([dD][c-fC-F][0-9a-fA-F]{2})", inner[i:])
            if not m:
                return None          # a lone surrogate
            code = 0x10000 + ((code - 0xD800) << 10) + (int(m.group(1), 16) - 0xDC00)
            i += 6
        elif 0xDC00 <= code <= 0xDFFF:
            return None
        out.append(chr(code))
    return "".join(out)


def _tokenize(src):
    """[(kind, value, text)]: kind op | num | str (value: the characters or None, text: as written
    between the quotes) | id (a dotted path or a keyword) | ptr (a JSON pointer)."""
    toks, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if c in _EXPR_WS:
            i += 1
        elif src.startswith(("||", "&&", "==", "!=", "<=", ">=", "=~"), i):
            toks.append(("op", src[i:i + 2], src[i:i + 2]))
            i += 2
        elif c in "!<>()[],":
            toks.append(("op", c, c))
            i += 1
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            if j >= n:
                raise ConfigError("unterminated string in 'where'")
            inner = src[i + 1:j]
            toks.append(("str", _unescape(inner), inner))
            i = j + 1
        elif c == "-" or c in "0123456789":
            m = _EXPR_NUMBER.match(src, i)
            if not m:
                raise ConfigError("unexpected %r in 'where'" % c)
            text = m.group(0)
            value = int(text) if re.fullmatch(r"-?[0-9]+", text) else float(text)
            toks.append(("num", value, text))
            i = m.end()
        elif c == "/":
            j = i + 1
            while j < n and src[j] not in _POINTER_STOP:
                j += 1
            toks.append(("ptr", src[i:j], src[i:j]))
            i = j
        elif _path_start(c):
            j = i + 1
            while j < n and _path_char(src[j]):
                j += 1
            toks.append(("id", src[i:j], src[i:j]))
            i = j
        else:
            raise ConfigError("unexpected %r in 'where'" % c)
    return toks


def _check_path(path):
    pointer, steps = path_steps(path)
    if pointer:
        if re.search(r"~(?![01])", path):
            raise ConfigError("bad field path %r" % path)
    elif not path or "" in steps:
        raise ConfigError("bad field path %r" % path)
    return path


def _to_double(v):
    try:
        return float(v)
    except OverflowError:
        return POS_INF if v > 0 else NEG_INF


def _is_int64(v):
    return isinstance(v, int) and not isinstance(v, bool) and INT64_MIN <= v <= INT64_MAX


def _num_cmp(a, b):
    """Two integers that fit 64 bits compare exactly; otherwise both as doubles."""
    if not (_is_int64(a) and _is_int64(b)):
        a, b = _to_double(a), _to_double(b)
    return (a > b) - (a < b)


def value_eq(a, b):
    """`==` of docs/filter-select.md; MISSING reads as null."""
    a_null, b_null = a is MISSING or a is None, b is MISSING or b is None
    if a_null or b_null:
        return a_null and b_null
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) and is_number(b):
        return _num_cmp(a, b) == 0
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if (isinstance(a, list) and isinstance(b, list)) or (isinstance(a, dict) and isinstance(b, dict)):
        return canon(a) == canon(b)
    return False


def value_order(a, b):
    """-1/0/1 for two numbers or two strings (code point order = UTF-8 bytewise); None otherwise."""
    if is_number(a) and is_number(b):
        return _num_cmp(a, b)
    if isinstance(a, str) and isinstance(b, str):
        return (a > b) - (a < b)
    return None


_ORDER_TESTS = {"<": lambda c: c < 0, "<=": lambda c: c <= 0, ">": lambda c: c > 0, ">=": lambda c: c >= 0}


def compile_regex(text):
    """The regex as written (not unescaped), for RE2; rewritten for Python's re where the two differ
    on the subset the generator writes: \\d is ASCII digits only, $ is the end of the text."""
    out, i, in_class = [], 0, False
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(("0-9" if in_class else "[0-9]") if text[i + 1] == "d" else text[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "$":
            c = r"\Z"
        out.append(c)
        i += 1
    try:
        return re.compile("".join(out))
    except (re.error, OverflowError, RecursionError) as e:
        raise ConfigError("invalid regex %r: %s" % (text, e))


class _ExprParser:
    def __init__(self, src):
        self.toks = _tokenize(src)
        self.pos = 0

    def peek(self, kind=None, value=None):
        if self.pos >= len(self.toks):
            return None
        t = self.toks[self.pos]
        if (kind is not None and t[0] != kind) or (value is not None and t[1] != value):
            return None
        return t

    def take(self, kind=None, value=None):
        t = self.peek(kind, value)
        if t is None:
            got = self.toks[self.pos][2] if self.pos < len(self.toks) else "end of expression"
            raise ConfigError("expected %s in 'where', got %r" % (value or kind, got))
        self.pos += 1
        return t

    def parse(self):
        if not self.toks:
            raise ConfigError("empty expression in 'where'")
        cond = self.expr()
        if self.pos != len(self.toks):
            raise ConfigError("unexpected text after the expression: %r" % self.toks[self.pos][2])
        return cond

    def expr(self):
        conds = [self.and_()]
        while self.peek("op", "||"):
            self.pos += 1
            conds.append(self.and_())
        if len(conds) == 1:
            return conds[0]
        return lambda r: any(c(r) for c in conds)

    def and_(self):
        conds = [self.not_()]
        while self.peek("op", "&&"):
            self.pos += 1
            conds.append(self.not_())
        if len(conds) == 1:
            return conds[0]
        return lambda r: all(c(r) for c in conds)

    def not_(self):
        if self.peek("op", "!"):
            self.pos += 1
            inner = self.not_()
            return lambda r: not inner(r)
        return self.compare()

    def path(self):
        t = self.peek()
        if t and (t[0] == "ptr" or (t[0] == "id" and t[1] not in _KEYWORDS)):
            self.pos += 1
            return _check_path(t[1])
        raise ConfigError("expected a field path in 'where'")

    def regex(self):
        t = self.peek("str")
        if t is None:
            raise ConfigError("expected a quoted regex in 'where'")
        self.pos += 1
        return compile_regex(t[2])

    def literal(self):
        t = self.peek()
        if t and t[0] == "num":
            self.pos += 1
            return t[1]
        if t and t[0] == "str":
            if t[1] is None:
                raise ConfigError("bad escape in string %r in 'where'" % t[2])
            self.pos += 1
            return t[1]
        if t and t[0] == "id" and t[1] in ("true", "false", "null"):
            self.pos += 1
            return {"true": True, "false": False, "null": None}[t[1]]
        raise ConfigError("only literals may appear in an 'in' list")

    def operand(self):
        """A function record -> value (MISSING, None, bool, number, str, list or dict)."""
        t = self.peek()
        if t is None:
            raise ConfigError("expected a value in 'where'")
        kind, value, _ = t
        if kind == "op" and value == "(":
            self.pos += 1
            inner = self.expr()
            self.take("op", ")")
            return lambda r: bool(inner(r))
        if kind in ("num", "str") or (kind == "id" and value in ("true", "false", "null")):
            lit = self.literal()
            return lambda r: lit
        if kind == "id" and value == "exists":
            self.pos += 1
            self.take("op", "(")
            path = self.path()
            self.take("op", ")")
            return lambda r: lookup(r, path) is not MISSING
        if kind == "id" and value == "matches":
            self.pos += 1
            self.take("op", "(")
            path = self.path()
            self.take("op", ",")
            rx = self.regex()
            self.take("op", ")")

            def matches(r):
                v = lookup(r, path)
                return isinstance(v, str) and rx.search(v) is not None
            return matches
        if kind == "id" and value not in _KEYWORDS and self.pos + 1 < len(self.toks) \
                and self.toks[self.pos + 1][:2] == ("op", "("):
            raise ConfigError("unknown function %r in 'where'" % value)
        if kind in ("id", "ptr"):
            path = self.path()
            return lambda r: lookup(r, path)
        raise ConfigError("unexpected %r in 'where'" % t[2])

    def compare(self):
        left = self.operand()
        t = self.peek()
        if t and t[0] == "op" and t[1] in _COMPARE_OPS:
            self.pos += 1
            right = self.operand()
            op = t[1]
            if op == "==":
                cond = lambda r: value_eq(left(r), right(r))
            elif op == "!=":
                cond = lambda r: not value_eq(left(r), right(r))
            else:
                test = _ORDER_TESTS[op]

                def cond(r):
                    c = value_order(left(r), right(r))
                    return c is not None and test(c)
        elif t and t[:2] == ("op", "=~"):
            self.pos += 1
            rx = self.regex()

            def cond(r):
                v = left(r)
                return isinstance(v, str) and rx.search(v) is not None
        elif t and t[:2] == ("id", "in"):
            self.pos += 1
            if not self.peek("op", "["):
                raise ConfigError("'in' needs a list such as [\"a\", \"b\"]")
            self.pos += 1
            items = []
            if not self.peek("op", "]"):
                items.append(self.literal())
                while self.peek("op", ","):
                    self.pos += 1
                    items.append(self.literal())
            self.take("op", "]")
            cond = lambda r: any(value_eq(left(r), x) for x in items)
        else:
            return lambda r: left(r) is True          # a bare operand: only JSON true
        t = self.peek()
        if t and ((t[0] == "op" and t[1] in _COMPARE_OPS + ("=~",)) or t[:2] == ("id", "in")):
            raise ConfigError("comparisons do not chain; combine them with &&")
        return cond


def compile_where(where):
    if not isinstance(where, str):
        raise ConfigError("'where' must be a string")
    return _ExprParser(where).parse()


class FilterStage:
    def __init__(self, stage):
        self.test = compile_where(stage["where"])

    def keeps(self, ev):
        return self.test(ev.record)


_json_scan = json.JSONDecoder().scan_once          # (text, index) -> (value, end index)
_json_string = json.decoder.scanstring             # (text, index after the quote) -> (str, end)


def _skip_ws(text, i):
    while text[i] in " \t\n\r":
        i += 1
    return i


def locate(text, path):
    """(start, end) of the JSON text of path's value in a record's raw text, or None when missing;
    walks as lookup does (the first of repeated names)."""
    pointer, steps = path_steps(path)
    i = _skip_ws(text, 0)
    for step in steps:
        c = text[i]
        if c == "{":
            i = _skip_ws(text, i + 1)
            if text[i] == "}":
                return None
            while True:
                name, i = _json_string(text, i + 1)
                i = _skip_ws(text, _skip_ws(text, i) + 1)        # past ':'
                if name == step:
                    break
                i = _skip_ws(text, _json_scan(text, i)[1])
                if text[i] != ",":
                    return None
                i = _skip_ws(text, i + 1)
        elif c == "[" and pointer and _INDEX.fullmatch(step):
            want = int(step)
            i = _skip_ws(text, i + 1)
            if text[i] == "]":
                return None
            n = 0
            while n < want:
                i = _skip_ws(text, _json_scan(text, i)[1])
                if text[i] != ",":
                    return None
                i = _skip_ws(text, i + 1)
                n += 1
        else:
            return None
    return i, _json_scan(text, i)[1]


class SelectStage:
    """select: a new compact object of the chosen values' original JSON text."""

    def __init__(self, stage):
        fields = stage["fields"]
        if isinstance(fields, list):
            if not fields:
                raise ConfigError("select needs fields")
            seen = []
            self.tree = {}                     # name -> subtree (dict) or the path to copy (str)
            for path in fields:
                if not isinstance(path, str):
                    raise ConfigError("a select path must be a string")
                steps = path_steps(_check_path(path))[1]
                for other in seen:
                    short = min(len(steps), len(other))
                    if steps[:short] == other[:short]:
                        raise ConfigError("select path %r duplicates or lies inside another" % path)
                seen.append(steps)
                node = self.tree
                for step in steps[:-1]:
                    node = node.setdefault(step, {})
                node[steps[-1]] = path
        elif isinstance(fields, dict):
            if not fields:
                raise ConfigError("select needs fields")
            for name, path in fields.items():
                if not isinstance(path, str):
                    raise ConfigError("a select path must be a string")
                _check_path(path)
            self.tree = dict(fields)
        else:
            raise ConfigError("select fields must be a list or a table")

    def _render(self, node, raw):
        parts = []
        for name, sub in node.items():
            if isinstance(sub, dict):
                text = self._render(sub, raw)
                if text is None:
                    continue               # every selected member under it is missing
            else:
                span = locate(raw, sub)
                if span is None:
                    continue
                text = raw[span[0]:span[1]]
            parts.append(json.dumps(name, ensure_ascii=False) + ":" + text)
        return "{" + ",".join(parts) + "}" if parts else None

    def apply(self, ev):
        raw = self._render(self.tree, ev.raw) or "{}"
        record = parse_line(raw)
        # the time and the key stay; a window row keeps its place in the output order
        return Event(ev.t, ev.key_text, ev.key_fields, record, raw, ev.row)


# ---------------------------------------------------------------- the pipeline

STAGE_KEYS = {
    "key_by": {"op", "fields"},
    ("window", "tumbling"): {"op", "type", "size", "offset", "aggregate"},
    ("window", "sliding"): {"op", "type", "size", "slide", "offset", "aggregate"},
    ("window", "session"): {"op", "type", "gap", "aggregate"},
    "dedup": {"op", "fields", "within"},
    "sessionize": {"op", "gap", "max_duration", "id_field", "seq_field"},
    "filter": {"op", "where"},
    "select": {"op", "fields"},
}
STATELESS = (KeyBy, FilterStage, SelectStage)


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
        keyed, key_names = False, []
        for stage in config.get("stage", []):
            op = stage.get("op")
            allowed = STAGE_KEYS.get((op, stage.get("type")) if op == "window" else op)
            if allowed is None:
                raise ModelError("stage op %r is not covered by the model" % op)
            for name in stage:
                if name not in allowed:
                    raise ConfigError("%r does not apply to this stage" % name)
            if op == "key_by":
                key_names = list(stage.get("fields", []))
            for name in stage.get("aggregate", {}):
                if name in ("window_start", "window_end", "revision") or name in key_names:
                    raise ConfigError("output name %r is reserved or used by the key" % name)
            if op == "key_by":
                self.stages.append(KeyBy(stage))
                keyed = True
            elif op == "window" and stage.get("type") == "session":
                self.stages.append(SessionWindowStage(stage, self.lateness, out_fmt))
            elif op == "window":
                self.stages.append(WindowStage(stage, self.lateness, out_fmt))
            elif op == "dedup":
                self.stages.append(DedupStage(stage, keyed))
            elif op == "sessionize":
                self.stages.append(SessionizeStage(stage))
            elif op == "filter":
                self.stages.append(FilterStage(stage))
            elif op == "select":
                self.stages.append(SelectStage(stage))
            else:
                raise ModelError("stage op %r is not covered by the model" % op)
        self.stateful = [i for i, s in enumerate(self.stages) if not isinstance(s, STATELESS)]
        windows = [i for i in self.stateful if self.stages[i].emits_rows]
        if self.lateness > 0 and windows and windows[0] != self.stateful[-1]:
            # docs/stateful-stages.md "Chains": its revisions would be counted twice
            raise ConfigError("a window with allowed_lateness > 0 cannot feed another stateful stage")
        self.rows_out = bool(self.stateful) and self.stages[self.stateful[-1]].emits_rows
        self.W = NEG_INF
        self.out = []                # output lines
        self.late = []               # late_output lines

    def feed(self, i, ev, batch):
        """Runs an event through stages i.. ; records reaching the end go to batch."""
        while i < len(self.stages):
            stage = self.stages[i]
            if isinstance(stage, KeyBy):
                stage.apply(ev)
                i += 1
                continue
            if isinstance(stage, FilterStage):
                if not stage.keeps(ev):
                    return           # dropped; the source's W still advances (rule 8)
                i += 1
                continue
            if isinstance(stage, SelectStage):
                ev = stage.apply(ev)
                i += 1
                continue
            passed, late = stage.accept(ev)
            if late and self.late_events == "side_output":
                self.late.append(ev.raw)              # unchanged: the bytes that reached the stage
            for out in passed:
                self.feed(i + 1, out, batch)
            return
        batch.append(ev)

    def advance(self, w, batch):
        """Each stateful stage in order: fire what w closes, pass those records on, then pass its
        own (forwarded) W to the next stateful stage."""
        for i in self.stateful:
            stage = self.stages[i]
            for out in stage.advance(w):
                self.feed(i + 1, out, batch)
            w = stage.forwarded()

    def flush(self, batch):
        if self.rows_out:
            batch.sort(key=lambda e: e.row.sort_key())   # rule 20 (stable: ties keep their order)
        self.out.extend(ev.raw for ev in batch)

    def run_line(self, line):
        if line.strip(" \t\r\n") == "":
            return                   # blank (rule 5)
        record = parse_line(line)
        if record is None:
            return                   # invalid: skipped
        t = parse_time(get_path(record, self.time_field), self.time_format)
        if t is None:
            return
        batch = []
        self.feed(0, Event(t, "[]", [], record, line), batch)
        self.W = max(self.W, t - self.ooo)
        self.advance(self.W, batch)
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
    """Returns (stdout text, late_output text or None). Raises ConfigError / ModelError."""
    try:
        p = Pipeline(config)
    except KeyError as e:
        raise ConfigError("missing setting %s" % e)
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
