#!/usr/bin/env python3
"""The table of load/parse-bound.sh from its samples (one line per round and server: name, req/s, server CPU %, load
generator CPU %), so a run can be reported again without running it:

    parse_bound_report.py SAMPLES.tsv MACHINE_JSON DURATION ROUNDS TOOL RESPONSE_BYTES BODY_LABEL
"""
import json, statistics, sys
samples, machine, duration, rounds, tool, response_bytes, body = sys.argv[1], json.loads(sys.argv[2]), *sys.argv[3:]
rows = {}
for line in open(samples):
    server, rps, cpu, wrk_cpu = line.split("\t")
    rows.setdefault(server, []).append((float(rps), float(cpu), float(wrk_cpu)))
print(f"# What parsing costs over HTTP ({tool.split(',')[0]})\n")
print(f"Measured {machine['date']} on commit `{machine['commit']}`. Machine: {machine['cores']} cores ({machine['cpu']}), "
      f"{machine['memory']}, kernel {machine['kernel']}; .NET SDK {machine['dotnet']}; load average at "
      f"start {machine['loadavg']}. {tool}, closed loop, {duration} s after 3 s of warm-up, body: {body}; "
      f"every ceiling answers {response_bytes} bytes (the injector's answer; for a mix, the mean). {rounds} rounds, servers "
      "alternating; req/s and the CPU % columns are each server's median round (by req/s).\n")
print("CPU µs/request = the server's user+system time / requests, median over the rounds. Ratio = req/s / the ceiling's; "
      "vs reader = req/s / the tokenising ceiling's; µs above reader = CPU µs/request minus the tokenising ceiling's. "
      "Paired: the same per round (each server against the tokenising ceiling of its own round, which ran seconds "
      "before it), median over the rounds; a busy spell of the machine that slows one whole round then cancels out.\n")
print("| server | JSON work per request | req/s | ratio | vs reader | paired vs reader | server CPU % | CPU µs/request | µs above reader | paired µs above reader | load gen CPU % | rounds (req/s) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
work = {"ceiling": "none (reads the body)", "ceiling-reader": "Utf8JsonReader over every byte",
        "ceiling-document": "JsonDocument.Parse", "injector": "the whole injection"}
def median(server):
    runs = sorted(rows[server])
    return runs[(len(runs) - 1) // 2]
def micros(run):
    return run[1] * 1e4 / run[0]
def median_of(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
base = median("ceiling")[0]
reader_rps = median("ceiling-reader")[0]
reader_us = median_of([micros(r) for r in rows["ceiling-reader"]])
for server in ["ceiling", "ceiling-reader", "ceiling-document", "injector"]:
    rps, cpu, wrk_cpu = median(server)
    us = median_of([micros(r) for r in rows[server]])
    pairs = list(zip(rows[server], rows["ceiling-reader"]))
    paired_ratio = median_of([run[0] / reader[0] for run, reader in pairs])
    paired_us = median_of([micros(run) - micros(reader) for run, reader in pairs])
    print(f"| {server} | {work[server]} | {rps:.0f} | {rps / base:.2f} | {rps / reader_rps:.2f} | {paired_ratio:.2f} | {cpu:.0f} | {us:.1f} | "
          f"{us - reader_us:+.1f} | {paired_us:+.1f} | {wrk_cpu:.0f} | " + ", ".join(f"{r[0]:.0f}" for r in rows[server]) + " |")
