#!/usr/bin/env python3
"""`redline diff` against `redline check` on the same project (docs/PERFORMANCE.md).

usage: python3 scripts/bench-diff.py [RUNS]   (after `cargo build --release --bins --examples`)
Writes the corpus of 1,000 services (the corpus example) into a new git repository,
commits it, then changes ten service files in the work tree (a flow to a new recipient
abroad, a longer retention). Runs, alternately and RUNS times each (default 7),
`redline check DIR --format json` and `redline diff --base HEAD --format json` in it, and
prints the median wall time of each and their ratio.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.join(root, "target/release/redline")
corpus = os.path.join(root, "target/release/examples/corpus")

work = tempfile.mkdtemp(prefix="redline-bench-diff-")
try:
    project = os.path.join(work, "corpus")
    subprocess.run([corpus, "1000", project], check=True, stdout=subprocess.DEVNULL)
    git = lambda *args: subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", *args],
        cwd=project, check=True, stdout=subprocess.DEVNULL)
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    policies = sorted(
        os.path.join(d, f) for d, _, files in os.walk(project) if ".git" not in d
        for f in files if f.endswith(".redline") and "common" not in f)
    for i, path in enumerate(policies[:10]):
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"\nrecipient bench{i} : partner {{ location IN }}\n")
    assert len(policies) >= 10

    def timed(args):
        start = time.perf_counter()
        code = subprocess.run([binary, *args], cwd=project, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode
        assert code in (0, 1), f"{args} exited with {code}"
        return time.perf_counter() - start

    checks, diffs = [], []
    for _ in range(runs):
        checks.append(timed(["check", ".", "--format", "json"]))
        diffs.append(timed(["diff", "--base", "HEAD", "--format", "json"]))
    check, diff = statistics.median(checks), statistics.median(diffs)
    print("| project | redline check (median) | redline diff, 10 files changed (median) | diff / check |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| 1,000 services, 1,001 files | {check * 1000:.0f} ms | {diff * 1000:.0f} ms | {diff / check:.2f}x |")
finally:
    shutil.rmtree(work, ignore_errors=True)
