#!/usr/bin/env python3
"""redline against the same four headline checks in Rego (regorus), in one run.

usage: python3 scripts/compare.py [RUNS]   (after `cargo build --release --examples`)
For N services: the wall time of `redline check target/corpus/N --format json` (whole
process: reading, parsing, resolving, all 17 rules, the report) and the time regorus
takes to load benches/rego/headline.rego, read the same facts as JSON and evaluate
(as the rego example prints it: in process, no file reading, no policy parsing).
Medians of RUNS (default 3); the ratio is Rego / redline.
"""
import os
import re
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
redline = os.path.join(root, "target/release/redline")
rego = os.path.join(root, "target/release/examples/rego")
corpus = os.path.join(root, "target/release/examples/corpus")
print("| services | redline check (whole run) | Rego, regorus (evaluation only) | Rego / redline |")
print("| ---: | ---: | ---: | ---: |")
for n in [100, 1_000, 10_000]:
    directory = os.path.join(root, "target/corpus", str(n))
    if not os.path.isdir(directory):
        subprocess.run([corpus, str(n), directory], check=True)
    ours, theirs = [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([redline, "check", directory, "--format", "json"], stdout=subprocess.DEVNULL)
        ours.append(time.perf_counter() - start)
        out = subprocess.run([rego, str(n)], capture_output=True, text=True, check=True).stdout
        theirs.append(float(re.search(r"total (\d+) ms", out).group(1)) / 1000)
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"| {n:,} | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {b / a:.1f}x |")
