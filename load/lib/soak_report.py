#!/usr/bin/env python3
"""Soak report: RSS flatness after warm-up, errors and latency over the whole soak.

  soak_report.py RSS.tsv WORKDIR TARGET RATE MINUTES MACHINE_JSON  > soak.md
"""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402  (same folder)

FLATNESS_LIMIT = 0.10  # RSS after warm-up may vary by at most 10 % (max vs min)


def main(rss_path, work, target, rate, minutes, machine_json):
    machine = json.loads(machine_json)
    # Columns: seconds, RSS kB, threads, then GC heap kB, GC committed kB, gen0/gen1/gen2 collections ("-" when the
    # target does not export the runtime meter).
    rows = [line.split() for line in open(rss_path, encoding="utf-8") if line.strip()]
    samples = [(int(r[0]), int(r[1])) for r in rows]
    threads = {int(r[0]): r[2] for r in rows if len(r) >= 3}
    gc = {int(r[0]): r[3:8] for r in rows if len(r) >= 8 and r[3] != "-"}
    if not samples:
        print(f"# Soak: {target}\n\n**FAIL**: no RSS samples were taken (the server or the load ended at once).")
        return
    # Warm-up: the first fifth of the soak, at least 30 s, so pools and caches have filled.
    warmup_s = max(30, int(minutes) * 60 // 5)
    steady = [kb for t, kb in samples if t >= warmup_s] or [kb for _, kb in samples]
    spread = (max(steady) - min(steady)) / min(steady) if steady else 0.0

    requests = errors = 0
    latencies = []
    for out in sorted(glob.glob(os.path.join(work, "*.json.out"))):
        record = report.from_h2load(out, out[:-4] + ".log")
        requests += record["requests"]
        errors += record["errors"]
        with open(out[:-4] + ".log", encoding="utf-8") as f:
            latencies += [int(p[2]) for p in (line.split() for line in f) if len(p) == 3]
    latencies.sort()
    # Fewer than 3 samples after warm-up prove nothing about flatness.
    passed = spread <= FLATNESS_LIMIT and errors == 0 and requests > 0 and len(steady) >= 3

    print(f"# Soak: {target}, {rate} req/s for {minutes} min\n")
    print(f"Measured {machine['date']} on commit `{machine['commit']}`: {machine['cores']} cores ({machine['cpu']}), "
          f"{machine['memory']}, kernel {machine['kernel']}; load average at start {machine.get('loadavg', '?')}.\n")
    print(f"**{'PASS' if passed else 'FAIL'}**: RSS after {warmup_s} s warm-up varies by {spread * 100:.1f} % "
          f"(limit {FLATNESS_LIMIT * 100:.0f} %: {min(steady) / 1024:.1f}–{max(steady) / 1024:.1f} MiB); "
          f"{requests} requests, {errors} errors; {len(steady)} samples after warm-up (3 needed).\n")
    print("Load: one h2load per body of the corpus mix, HTTP/2, --rps, in parallel. Latency over the whole soak: "
          + ", ".join(f"p{p} {report.percentile(latencies, float(p)) / 1000:.2f} ms" for p in report.PERCENTILES) + ".\n")
    print(f"RSS trend after warm-up (least squares): {trend_mib_per_min(samples, warmup_s):+.2f} MiB/min; a GC sawtooth "
          "swings without a trend, a leak climbs.\n")
    if not gc:
        print("| seconds | RSS MiB | threads |\n|---:|---:|---:|")
        for t, kb in samples:
            print(f"| {t} | {kb / 1024:.1f} | {threads.get(t, '-')} |")
        return
    print("GC columns come from the runtime meter on /metrics: the heap after the last collection, the memory the GC "
          "had committed then, and the collections so far.\n")
    print("| seconds | RSS MiB | threads | GC heap MiB | GC committed MiB | gen0 | gen1 | gen2 |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t, kb in samples:
        heap, committed, g0, g1, g2 = gc.get(t, ["0", "0", "-", "-", "-"])
        print(f"| {t} | {kb / 1024:.1f} | {threads.get(t, '-')} | {int(heap) / 1024:.1f} | {int(committed) / 1024:.1f} "
              f"| {g0} | {g1} | {g2} |")


def trend_mib_per_min(samples, warmup_s):
    points = [(t, kb / 1024.0) for t, kb in samples if t >= warmup_s]
    if len(points) < 2:
        return 0.0
    mean_t = sum(t for t, _ in points) / len(points)
    mean_m = sum(m for _, m in points) / len(points)
    var = sum((t - mean_t) ** 2 for t, _ in points)
    return sum((t - mean_t) * (m - mean_m) for t, m in points) / var * 60 if var else 0.0


if __name__ == "__main__":
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    main(*sys.argv[1:])
