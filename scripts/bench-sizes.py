#!/usr/bin/env python3
"""Times the release binary on corpora of N services (docs/PERFORMANCE.md).

usage: python3 scripts/bench-sizes.py [RUNS]   (after `cargo build --release --examples`)
For N in 10, 100, 1,000, 10,000: writes the corpus with the corpus example (once, under
target/corpus/N), runs `redline check DIR --format json` RUNS times (default 7) and
prints the median wall time, the median CPU time (user + system) and the largest peak
resident memory, read from wait4's rusage, as a Markdown table.
"""
import os
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.join(root, "target/release/redline")
corpus = os.path.join(root, "target/release/examples/corpus")

print("| services | files | flows | wall (median) | CPU user+sys (median) | CPU / wall | peak memory |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
previous = None
for n in [10, 100, 1_000, 10_000]:
    directory = os.path.join(root, "target/corpus", str(n))
    if not os.path.isdir(directory):
        subprocess.run([corpus, str(n), directory], check=True)
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen([binary, "check", directory, "--format", "json"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss)  # KiB on Linux
        code = os.waitstatus_to_exitcode(status)
        assert code in (0, 1), f"redline exited with {code} on {directory}"
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    growth = f" ({wall / previous:.1f}x)" if previous else ""
    previous = wall
    print(f"| {n:,} | {n + 1:,} | {10 * n:,} | {wall * 1000:.0f} ms{growth} | {cpu * 1000:.0f} ms "
          f"| {cpu / wall:.2f} | {max(peaks) / 1024:.0f} MiB |")
