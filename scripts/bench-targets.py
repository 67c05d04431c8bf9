#!/usr/bin/env python3
"""The speed targets of docs/PERFORMANCE.md, measured side by side in one run.

usage: python3 scripts/bench-targets.py [RUNS] [--before PATH]
       (after `cargo build --release --bins --examples`)
Alternating the programs within each round, so that drift of the machine's speed hits
all of them alike, it takes the median wall time and the largest peak memory of:
  - `redline check examples/webshop --format json` (the language reference's example,
    the whole process from start to exit), and `ruff check` on a directory holding one
    empty Python file (ruff from PyPI, installed into a temporary virtualenv);
  - `redline check target/corpus/N --format json` for N = 1,000 and 10,000;
  - with --before PATH, the same runs of another redline binary (an earlier commit's
    build), so a change can be compared with what it replaced.
RUNS defaults to 11 (the small project runs 5 times as often).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

args = sys.argv[1:]
before = None
if "--before" in args:
    i = args.index("--before")
    before = args[i + 1]
    del args[i:i + 2]
runs = int(args[0]) if args else 11
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
redline = os.path.join(root, "target/release/redline")
corpus = os.path.join(root, "target/release/examples/corpus")


def timed(command, cwd=None):
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    assert code in (0, 1), f"{command} exited with {code}"
    return wall, usage.ru_maxrss


work = tempfile.mkdtemp(prefix="redline-targets-")
venv = os.path.join(work, "venv")
subprocess.run([sys.executable, "-m", "venv", venv], check=True)
subprocess.run([os.path.join(venv, "bin/pip"), "install", "--quiet", "--disable-pip-version-check",
                "ruff==0.14.6"], check=True)
ruff = os.path.join(venv, "bin/ruff")
trivial = os.path.join(work, "trivial")
os.makedirs(trivial)
open(os.path.join(trivial, "empty.py"), "w").close()
for n in [1_000, 10_000]:
    directory = os.path.join(root, "target/corpus", str(n))
    if not os.path.isdir(directory):
        subprocess.run([corpus, str(n), directory], check=True, stdout=subprocess.DEVNULL)

cases = [("small project (webshop)", [redline, "check", "examples/webshop", "--format", "json"], 5),
         ("ruff check, trivial directory", [ruff, "check", "--no-cache", trivial], 5)]
if before:
    cases.append(("small project, before", [before, "check", "examples/webshop", "--format", "json"], 5))
for n in [1_000, 10_000]:
    directory = os.path.join(root, "target/corpus", str(n))
    cases.append((f"{n:,} services", [redline, "check", directory, "--format", "json"], 1))
    if before:
        cases.append((f"{n:,} services, before", [before, "check", directory, "--format", "json"], 1))

results = {name: ([], []) for name, _, _ in cases}
for _ in range(runs):
    for name, command, repeat in cases:
        for _ in range(repeat):
            wall, peak = timed(command, cwd=root)
            results[name][0].append(wall)
            results[name][1].append(peak)

print(f"Measured {time.strftime('%Y-%m-%d')}, `python3 scripts/bench-targets.py {' '.join(sys.argv[1:])}`:\n")
print("| run | wall (median) | peak memory |")
print("| --- | ---: | ---: |")
for name, _, _ in cases:
    walls, peaks = results[name]
    print(f"| {name} | {statistics.median(walls) * 1000:.1f} ms | {max(peaks) / 1024:.0f} MiB |")
subprocess.run(["rm", "-rf", work])
