#!/usr/bin/env python3
# Generates realistic web click/access events as NDJSON for eddy's samples, tests and benchmark.
# Deterministic: the same options and seed give the same bytes on every machine (standard library only).
"""Generate web click events as NDJSON (one JSON object per line) on stdout.

Traffic model (see samples/README.md):
  * a few hundred users with Zipf-like activity; each user lives in one region;
  * endpoints with Zipf-like popularity, product ids Zipf-like too;
  * arrivals are a Poisson process (--rate events per second on average);
  * event time = arrival time - delivery delay, and lines are written in arrival order, so
    times mostly increase: most events are on time (a few ms of jitter), some are a few
    seconds out of order (never more than 4.5 s), and --late-fraction of them are 10-60 s late;
  * every --bad-every'th line is replaced by a bad line (cycling: malformed JSON, missing ts,
    not an object, blank line, unparsable ts); --events counts only the good events.

Formats:
  clicks      {"ts":"2024-05-01T10:00:01.234Z","user":"u0042","region":"eu","method":"GET",
               "url":"/products/17","status":200,"bytes":5123,"latency_ms":41.7}
  access_log  an nginx JSON access log: "time_local" in nginx's "%d/%b/%Y:%H:%M:%S %z" form
              (in --utc-offset) and "msec" as epoch seconds with milliseconds.
"""
import argparse
import bisect
import datetime as dt
import math
import random
import sys

REGIONS = ["eu", "us", "ap", "sa"]
REGION_WEIGHTS = [0.38, 0.34, 0.20, 0.08]

# (url pattern, method, weight, typical latency ms, typical bytes)
ENDPOINTS = [
    ("/", "GET", 14, 18.0, 14200),
    ("/products/{id}", "GET", 40, 35.0, 5200),
    ("/search", "GET", 12, 80.0, 9800),
    ("/cart", "GET", 7, 25.0, 3100),
    ("/cart", "POST", 6, 45.0, 420),
    ("/checkout", "POST", 3, 160.0, 780),
    ("/login", "POST", 3, 70.0, 350),
    ("/api/v1/recommendations", "GET", 8, 55.0, 2300),
    ("/static/app.js", "GET", 5, 4.0, 48211),
    ("/favicon.ico", "GET", 2, 2.0, 1150),
]
PRODUCTS = 200
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "curl/8.5.0",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def cumulative(weights):
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


class Picker:
    """Weighted choice by bisecting a cumulative table: fast and stable across Python versions
    (random.choices' algorithm is not promised to stay the same)."""

    def __init__(self, items, weights):
        self.items = items
        self.cum = cumulative(weights)

    def pick(self, rng):
        x = rng.random() * self.cum[-1]
        return self.items[min(bisect.bisect_right(self.cum, x), len(self.items) - 1)]


def zipf_weights(n, s):
    return [1.0 / (i + 1) ** s for i in range(n)]


def parse_start(text):
    t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.timestamp()


def rfc3339_ms(ms):
    s, frac = divmod(ms, 1000)
    t = dt.datetime.fromtimestamp(s, dt.timezone.utc)
    return f"{t:%Y-%m-%dT%H:%M:%S}.{frac:03d}Z"


def nginx_time(ms, offset_minutes):
    t = dt.datetime.fromtimestamp(ms // 1000, dt.timezone(dt.timedelta(minutes=offset_minutes)))
    sign = "+" if offset_minutes >= 0 else "-"
    hh, mm = divmod(abs(offset_minutes), 60)
    return f"{t.day:02d}/{MONTHS[t.month - 1]}/{t.year:04d}:{t:%H:%M:%S} {sign}{hh:02d}{mm:02d}"


class Traffic:
    def __init__(self, args):
        rng = random.Random(args.seed)
        self.rng = rng
        self.args = args
        self.users = [f"u{i:04d}" for i in range(args.users)]
        # A user's rank in activity is not its id order, so busy users are spread over ids.
        ranked = self.users[:]
        rng.shuffle(ranked)
        self.user_picker = Picker(ranked, zipf_weights(len(ranked), 1.05))
        region_picker = Picker(REGIONS, REGION_WEIGHTS)
        self.region_of = {u: region_picker.pick(rng) for u in self.users}
        self.ip_of = {u: f"{rng.choice([198, 203, 192])}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                      for u in self.users}
        self.agent_of = {u: rng.choice(AGENTS) for u in self.users}
        self.endpoint_picker = Picker(ENDPOINTS, [e[2] for e in ENDPOINTS])
        self.product_picker = Picker(list(range(1, PRODUCTS + 1)), zipf_weights(PRODUCTS, 1.1))
        self.clock_ms = parse_start(args.start) * 1000.0
        # Regions have bad minutes: while an incident lasts, that region's 5xx rate jumps.
        self.incident_region = None
        self.incident_until = 0.0

    def status(self, region, method, url):
        rng = self.rng
        if self.incident_region is None and rng.random() < 0.0004:
            self.incident_region = rng.choice(REGIONS)
            self.incident_until = self.clock_ms + rng.uniform(30_000, 120_000)
        if self.incident_region is not None and self.clock_ms > self.incident_until:
            self.incident_region = None
        p5xx = 0.25 if region == self.incident_region else 0.004
        x = rng.random()
        if x < p5xx:
            return rng.choice([500, 502, 503, 504])
        x = rng.random()
        if url.startswith("/products/") and x < 0.03:
            return 404
        if method == "GET" and url.startswith("/static") and x < 0.30:
            return 304
        if url == "/login" and x < 0.08:
            return 401
        if method == "POST" and x < 0.01:
            return 400
        return 201 if (url == "/cart" and method == "POST") else 200

    def next_event(self):
        """The next good event in arrival order: (event time in ms, fields)."""
        rng = self.rng
        self.clock_ms += rng.expovariate(self.args.rate) * 1000.0
        user = self.user_picker.pick(rng)
        region = self.region_of[user]
        pattern, method, _, lat_typ, bytes_typ = self.endpoint_picker.pick(rng)
        url = pattern.replace("{id}", str(self.product_picker.pick(rng)))
        if url == "/search":
            url = f"/search?q={rng.choice(['shoes', 'lamp', 'desk', 'chair', 'mug', 'tent', 'bike'])}"
        status = self.status(region, method, url)
        latency = rng.lognormvariate(math.log(lat_typ), 0.55)
        if status >= 500:
            latency = latency * 4 + rng.uniform(200, 2000)
        if region in ("ap", "sa"):
            latency *= 1.3
        latency = round(max(latency, 0.1), 1)
        if status == 304:
            nbytes = 0
        elif status >= 400:
            nbytes = rng.randint(150, 600)
        else:
            nbytes = max(1, int(rng.lognormvariate(math.log(bytes_typ), 0.35)))
        # Delivery delay: event time lags the arrival order by this much.
        x = rng.random()
        if x < self.args.late_fraction:
            delay = rng.uniform(10_000, 60_000)
        elif x < self.args.late_fraction + 0.25:
            delay = min(rng.expovariate(1 / 800.0), 4_500.0)
        else:
            delay = rng.uniform(0, 40)
        ts_ms = int(self.clock_ms - delay)
        return ts_ms, dict(user=user, region=region, method=method, url=url, status=status,
                           bytes=nbytes, latency_ms=latency)


def click_line(ts_ms, e):
    return (f'{{"ts":"{rfc3339_ms(ts_ms)}","user":"{e["user"]}","region":"{e["region"]}",'
            f'"method":"{e["method"]}","url":"{e["url"]}","status":{e["status"]},'
            f'"bytes":{e["bytes"]},"latency_ms":{e["latency_ms"]!r}}}')


def access_log_line(ts_ms, e, traffic, offset_minutes):
    return (f'{{"remote_addr":"{traffic.ip_of[e["user"]]}","remote_user":"{e["user"]}",'
            f'"time_local":"{nginx_time(ts_ms, offset_minutes)}","msec":{ts_ms // 1000}.{ts_ms % 1000:03d},'
            f'"request":"{e["method"]} {e["url"]} HTTP/1.1","request_method":"{e["method"]}",'
            f'"uri":"{e["url"]}","status":{e["status"]},"body_bytes_sent":{e["bytes"]},'
            f'"request_time":{e["latency_ms"] / 1000:.3f},'
            f'"http_user_agent":"{traffic.agent_of[e["user"]]}"}}')


def bad_line(kind, ts_ms, e, fmt):
    """The kinds of breakage real log pipelines see, in a fixed cycle."""
    good = click_line(ts_ms, e) if fmt == "clicks" else None
    time_key = "ts" if fmt == "clicks" else "time_local"
    if kind == 0:    # truncated write: the line ends mid-string
        return (good or f'{{"{time_key}":"01/May/2024:12:00:00 +0200","uri":"/cart')[: 40]
    user_key, url_key = ("user", "url") if fmt == "clicks" else ("remote_user", "uri")
    if kind == 1:    # the time field is missing
        return f'{{"{user_key}":"{e["user"]}","{url_key}":"{e["url"]}","status":{e["status"]}}}'
    if kind == 2:    # valid JSON, but not an object
        return f'["{e["user"]}","{e["url"]}",{e["status"]}]'
    if kind == 3:    # a blank line (skipped and counted as blank, never invalid)
        return ""
    # a time that does not parse
    return f'{{"{time_key}":"not a time","{user_key}":"{e["user"]}","{url_key}":"{e["url"]}","status":{e["status"]}}}'


BAD_KINDS = 5


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--events", type=int, default=20000, help="good events to write (default 20000)")
    p.add_argument("--bad-every", type=int, default=2000, metavar="K",
                   help="replace every K-th line by a bad line; 0 = none (default 2000)")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.add_argument("--start", default="2024-05-01T10:00:00Z", help="time of the first arrival, RFC 3339 (default %(default)s)")
    p.add_argument("--rate", type=float, default=20.0, help="mean events per second (default 20)")
    p.add_argument("--users", type=int, default=400, help="number of users (default 400)")
    p.add_argument("--late-fraction", type=float, default=0.01,
                   help="fraction of events 10-60 s late (default 0.01); 0 keeps all disorder under 4.5 s")
    p.add_argument("--format", choices=["clicks", "access_log"], default="clicks")
    p.add_argument("--utc-offset", type=int, default=120, metavar="MINUTES",
                   help="access_log: the server's UTC offset in minutes (default 120, i.e. +0200)")
    args = p.parse_args(argv)
    if args.events < 0 or args.bad_every < 0 or args.rate <= 0 or args.users < 1 or not 0 <= args.late_fraction <= 0.75:
        p.error("bad option value")

    traffic = Traffic(args)
    out = sys.stdout
    buf = []
    line_no = 0
    bad_count = 0
    written = 0
    while written < args.events:
        ts_ms, e = traffic.next_event()
        line_no += 1
        if args.bad_every and line_no % args.bad_every == 0:
            buf.append(bad_line(bad_count % BAD_KINDS, ts_ms, e, args.format))
            bad_count += 1
            continue
        if args.format == "clicks":
            buf.append(click_line(ts_ms, e))
        else:
            buf.append(access_log_line(ts_ms, e, traffic, args.utc_offset))
        written += 1
        if len(buf) >= 4096:
            out.write("\n".join(buf) + "\n")
            buf.clear()
    if buf:
        out.write("\n".join(buf) + "\n")
    out.flush()


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.stderr.close()
