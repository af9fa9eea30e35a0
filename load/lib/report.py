#!/usr/bin/env python3
"""Turns load-tool output into result records, and records into the results markdown and SVG chart.

  report.py wrk STDOUT                 -> one JSON record (from the WRK_JSON line of wrk-corpus.lua)
  report.py h2load STDOUT LOGFILE      -> one JSON record (percentiles computed from h2load's per-request log)
  report.py render RECORDS.jsonl MACHINE.json OUT.md OUT.svg [--extra FILE.md ...]

Standard library only. Latencies are in microseconds in records, milliseconds in the report.
"""
import json
import math
import re
import sys

PERCENTILES = ["50", "90", "99", "99.9"]
SCENARIO_TITLES = {
    "h1-mix-max": "HTTP/1.1 closed loop, max throughput (wrk, corpus mix)",
    "h1-fixture-max": "HTTP/1.1 closed loop, max throughput (wrk, fixture only)",
    "h2-fixture-max": "HTTP/2 closed loop, max throughput (h2load, fixture)",
    "h2-fixture-open": "HTTP/2 open model, fixed arrival rate (h2load --rps, fixture)",
}


def percentile(sorted_values, p):
    # Nearest-rank percentile: the smallest value with at least p% of the samples at or below it.
    if not sorted_values:
        return 0
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def from_wrk(stdout_path):
    with open(stdout_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    match = re.search(r"^WRK_JSON (.*)$", text, re.M)
    if not match:
        sys.exit(f"report: no WRK_JSON line in {stdout_path}")
    raw = json.loads(match.group(1))
    seconds = raw["duration_us"] / 1e6
    errors = sum(raw["errors"].values())
    return {
        "tool": "wrk", "requests": raw["requests"], "errors": errors, "seconds": round(seconds, 3),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "latency_us": {p: raw["latency_us"][p] for p in PERCENTILES}, "max_us": raw["max_us"],
    }


def from_h2load(stdout_path, log_path):
    with open(stdout_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    finished = re.search(r"finished in ([\d.]+)(m?s), ([\d.]+) req/s", text)
    counts = re.search(r"requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout", text)
    status = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", text)
    if not (finished and counts and status):
        sys.exit(f"report: cannot read h2load summary in {stdout_path}")
    seconds = float(finished.group(1)) / (1000.0 if finished.group(2) == "ms" else 1.0)
    latencies = []
    with open(log_path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                latencies.append(int(parts[2]))
    latencies.sort()
    done = int(counts.group(2))
    non_2xx = int(status.group(2)) + int(status.group(3)) + int(status.group(4))
    errors = int(counts.group(4)) + int(counts.group(5)) + int(counts.group(6)) + non_2xx
    return {
        "tool": "h2load", "requests": done, "errors": errors, "seconds": round(seconds, 3),
        "rps": float(finished.group(3)),
        "latency_us": {p: percentile(latencies, float(p)) for p in PERCENTILES},
        "max_us": latencies[-1] if latencies else 0,
    }


def ms(us):
    return f"{us / 1000.0:.2f}"


def ratio(a, b):
    return f"{a / b:.2f}" if b else "n/a"


def render_markdown(records, machine, extras):
    out = ["# Load test results", ""]
    out.append(f"Measured {machine['date']} on commit `{machine['commit']}`. Machine: {machine['cores']} cores "
               f"({machine['cpu']}), {machine['memory']}, kernel {machine['kernel']}; .NET SDK {machine['dotnet']}, "
               f"wrk {machine['wrk']}, h2load {machine['h2load']}; load average at start {machine.get('loadavg', '?')} "
               "(other work on the machine skews every number). Load generator and servers share the machine; "
               "all traffic is on 127.0.0.1.")
    out.append("")
    out.append("CPU % is the server's user+system time over the run (100 % = one core); peak RSS is the server's "
               "VmHWM, reset before each scenario; load gen CPU % is the load tool's. With 2 cores shared, a load tool "
               "near 100 % means the tool, not the server, set the max. Ratio = injector / ceiling.")
    for scenario in dict.fromkeys(r["scenario"] for r in records):
        rows = [r for r in records if r["scenario"] == scenario]
        out += ["", f"## {SCENARIO_TITLES.get(scenario, scenario)}", ""]
        settings = rows[0].get("settings", "")
        if settings:
            out += [settings, ""]
        out.append("| server | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | CPU % | peak RSS MiB | load gen CPU % |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            lat = r["latency_us"]
            out.append(f"| {r['target']} | {r['rps']:.0f} | " + " | ".join(ms(lat[p]) for p in PERCENTILES)
                       + f" | {ms(r['max_us'])} | {r['errors']} | {r['cpu_pct']:.0f} | {r['peak_rss_kb'] / 1024:.1f} | {r.get('generator_cpu_pct', 0):.0f} |")
        by_target = {r["target"]: r for r in rows}
        if "injector" in by_target and "ceiling" in by_target:
            i, c = by_target["injector"], by_target["ceiling"]
            out.append(f"| ratio | {ratio(i['rps'], c['rps'])} | "
                       + " | ".join(ratio(i["latency_us"][p], c["latency_us"][p]) for p in PERCENTILES)
                       + f" | {ratio(i['max_us'], c['max_us'])} | | {ratio(i['cpu_pct'], c['cpu_pct'])} | "
                       + f"{ratio(i['peak_rss_kb'], c['peak_rss_kb'])} | |")
    for path in extras:
        with open(path, encoding="utf-8") as f:
            out += ["", f.read().rstrip()]
    return "\n".join(out) + "\n"


def render_svg(records, title):
    """Small multiples: one panel per scenario, latency percentiles on a log axis, one bar per server."""
    scenarios = list(dict.fromkeys(r["scenario"] for r in records))
    colors = {"ceiling": "#9aa5b1", "injector": "#2b6cb0"}
    pw, ph, top, left, bottom = 300, 230, 66, 50, 40
    width, height = left + len(scenarios) * (pw + 20), top + ph + bottom + 20
    values = [r["latency_us"][p] for r in records for p in PERCENTILES if r["latency_us"][p] > 0]
    lo = 10 ** math.floor(math.log10(min(values) / 1000.0)) if values else 0.01
    hi = 10 ** math.ceil(math.log10(max(values) / 1000.0)) if values else 10
    if hi <= lo:
        hi = lo * 10

    def y(ms_value):
        ms_value = max(ms_value, lo)
        return top + ph - (math.log10(ms_value) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * ph

    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         f'<text x="{left}" y="18" font-size="14" font-weight="bold">{escape(title)}</text>']
    lx = left
    for target, color in colors.items():
        if any(r["target"] == target for r in records):
            s.append(f'<rect x="{lx}" y="26" width="10" height="10" fill="{color}"/><text x="{lx + 14}" y="35">{target}</text>')
            lx += 90
    for i, scenario in enumerate(scenarios):
        x0 = left + i * (pw + 20)
        s.append(f'<text x="{x0}" y="{top - 12}" font-weight="bold">{escape(scenario)}</text>')
        decade = lo
        while decade <= hi * 1.0001:
            gy = y(decade)
            s.append(f'<line x1="{x0}" x2="{x0 + pw}" y1="{gy:.1f}" y2="{gy:.1f}" stroke="#e2e8f0"/>')
            if i == 0:
                s.append(f'<text x="{x0 - 4}" y="{gy + 4:.1f}" text-anchor="end">{decade:g} ms</text>')
            decade *= 10
        rows = [r for r in records if r["scenario"] == scenario]
        group = pw / len(PERCENTILES)
        bar = (group - 10) / max(1, len(rows))
        for j, p in enumerate(PERCENTILES):
            gx = x0 + j * group + 5
            s.append(f'<text x="{gx + (group - 10) / 2:.1f}" y="{top + ph + 14}" text-anchor="middle">p{p}</text>')
            for k, r in enumerate(rows):
                v = r["latency_us"][p] / 1000.0
                by = y(v)
                s.append(f'<rect x="{gx + k * bar:.1f}" y="{by:.1f}" width="{bar - 1:.1f}" height="{top + ph - by:.1f}" '
                         f'fill="{colors.get(r["target"], "#718096")}"><title>{r["target"]} p{p}: {v:.3f} ms</title></rect>')
                s.append(f'<text x="{gx + k * bar + bar / 2:.1f}" y="{by - 2:.1f}" text-anchor="middle" font-size="8">{short_ms(v)}</text>')
        s.append(f'<line x1="{x0}" x2="{x0 + pw}" y1="{top + ph}" y2="{top + ph}" stroke="#4a5568"/>')
    s.append(f'<text x="{left}" y="{height - 6}" fill="#4a5568">latency, log scale; bars labelled in ms</text>')
    s.append("</svg>")
    return "\n".join(s) + "\n"


def short_ms(v):
    return f"{v:.0f}" if v >= 10 else f"{v:.1f}" if v >= 1 else f"{v:.2f}"


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main(argv):
    if len(argv) >= 2 and argv[0] == "wrk":
        print(json.dumps(from_wrk(argv[1])))
    elif len(argv) >= 3 and argv[0] == "h2load":
        print(json.dumps(from_h2load(argv[1], argv[2])))
    elif len(argv) >= 5 and argv[0] == "render":
        with open(argv[1], encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        with open(argv[2], encoding="utf-8") as f:
            machine = json.load(f)
        extras = [argv[i + 1] for i in range(5, len(argv) - 1) if argv[i] == "--extra"]
        if not records:
            sys.exit("report: no records to render")
        with open(argv[3], "w", encoding="utf-8") as f:
            f.write(render_markdown(records, machine, extras))
        with open(argv[4], "w", encoding="utf-8") as f:
            f.write(render_svg(records, f"Injector vs ceiling latency ({machine['date']}, {machine['commit']})"))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
