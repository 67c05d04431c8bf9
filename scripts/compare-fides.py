#!/usr/bin/env python3
"""redline against Ethyca's Fides on the same corpus, in one run.

usage: python3 scripts/compare-fides.py [RUNS]   (after `cargo build --release --examples`)
For N services, redline checks target/corpus/N and Fides evaluates the same services as
a manifest (`corpus N DIR --fides`: systems with privacy declarations, and a policy).
Fides is run offline as its users run it, `fides --local evaluate --dry DIR`, and its
evaluation is also called in process (benches/fides/evaluate.py) to show where its time
goes. Fides is installed on first use into target/fides-venv (ethyca-fides 2.78.2, from
PyPI). Medians of RUNS (default 3) for 10 and 100 services; one run at 1,000, which
takes Fides minutes; none at 10,000 (hours, see docs/PERFORMANCE.md).
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
corpus = os.path.join(root, "target/release/examples/corpus")
venv = os.path.join(root, "target/fides-venv")
python = os.path.join(venv, "bin/python")
fides = os.path.join(venv, "bin/fides")
if not os.path.exists(fides):
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run([python, "-m", "pip", "install", "-q", "ethyca-fides==2.78.2"], check=True)


def wall(command):
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=root)
    return time.perf_counter() - start, done.stdout + done.stderr


print("| services | redline check (whole run) | fides evaluate (whole run) | Fides / redline | findings (redline P001, Fides violations) |")
print("| ---: | ---: | ---: | ---: | ---: |")
stages = []
for n in [10, 100, 1_000]:
    ours_dir = os.path.join(root, "target/corpus", str(n))
    theirs_dir = os.path.join(root, "target/corpus-fides", str(n))
    if not os.path.isdir(ours_dir):
        subprocess.run([corpus, str(n), ours_dir], check=True)
    if not os.path.isdir(theirs_dir):
        subprocess.run([corpus, str(n), theirs_dir, "--fides"], check=True)
    ours, theirs = [], []
    for _ in range(runs if n < 1_000 else 1):
        t, report = wall([redline, "check", ours_dir, "--format", "json"])
        ours.append(t)
        creep = report.count('"code": "P001"') + report.count('"code":"P001"')
        t, output = wall([fides, "--local", "evaluate", "--dry", theirs_dir])
        theirs.append(t)
        violations = output.count("Declaration (")
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"| {n:,} | {a * 1000:.0f} ms | {b * 1000:,.0f} ms | {b / a:,.0f}x | {creep}, {violations} |")
    _, breakdown = wall([python, os.path.join(root, "benches/fides/evaluate.py"), theirs_dir])
    stages.append((n, re.search(r"import .*", breakdown).group(0)))
print()
for n, line in stages:
    print(f"- Fides in process, {n:,} services: {line}")
