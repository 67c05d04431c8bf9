#!/usr/bin/env bash
# Mutation testing of the modules that decide verdicts, with cargo-mutants.
#
# usage: scripts/mutants.sh [MODULE...]     mutate these files or directories
#        scripts/mutants.sh --in-diff [REF] mutate only the lines changed since REF
#                                           (default: the merge base with main)
#
# Default modules: src/rules src/graph src/model src/law src/knowledge src/diff. Every
# mutant is built and run against the whole test suite (`cargo test`); the summary per
# module (caught, missed, unviable, timeouts, and the score caught / viable) is printed
# at the end and the full results are in mutants.out/. Installs cargo-mutants if
# missing. A survivor is either killed by a new test that checks behaviour a user would
# see, or listed in docs/testing.md with why it is equivalent.
#
# MUTANTS_TESTS narrows the tests each mutant runs (cargo test's own arguments, e.g.
# "--lib --test rules --test organisation"): a run with some of the tests gives a lower
# bound of the whole suite's score in a fraction of the time; run only the survivors
# again against the rest (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install cargo-mutants --locked --version 27.0.0

# Passed to every cargo invocation, the build's included: building only those test
# targets, not all of them, is most of the time saved.
read -r -a narrowed <<< "${MUTANTS_TESTS:-}"
tests=()
for t in "${narrowed[@]}"; do tests+=("--cargo-arg=$t"); done

if [ "${1:-}" = "--in-diff" ]; then
  base=${2:-$(git merge-base HEAD main 2>/dev/null || echo HEAD~1)}
  diff=$(mktemp)
  git diff "$base" -- src > "$diff"
  cargo mutants --in-diff "$diff" --test-tool cargo --profile mutants --timeout-multiplier 3 \
    "${tests[@]}" || true
  rm -f "$diff"
  modules=(src)
else
  modules=("$@")
  [ ${#modules[@]} -gt 0 ] || modules=(src/rules src/graph src/model src/law src/knowledge src/diff)
  args=()
  for m in "${modules[@]}"; do
    if [ -d "$m" ]; then args+=(--file "$m/**/*.rs" --file "$m/*.rs"); else args+=(--file "$m"); fi
  done
  cargo mutants "${args[@]}" --test-tool cargo --profile mutants --timeout-multiplier 3 \
    "${tests[@]}" || true
fi

# The score per module, from the outcomes cargo-mutants wrote.
python3 - "${modules[@]}" <<'PY'
import json, sys
outcomes = json.load(open("mutants.out/outcomes.json"))["outcomes"]
rows = {}
for o in outcomes:
    scenario = o.get("scenario")
    if not isinstance(scenario, dict) or "Mutant" not in scenario:
        continue
    path = scenario["Mutant"]["file"]
    module = next((m for m in sys.argv[1:] if path.startswith(m.rstrip("/"))), path)
    summary = o["summary"]
    row = rows.setdefault(module, {"CaughtMutant": 0, "MissedMutant": 0, "Unviable": 0, "Timeout": 0})
    row[summary] = row.get(summary, 0) + 1
print("| module | caught | missed | timeouts | unviable | score |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for module, r in sorted(rows.items()):
    viable = r["CaughtMutant"] + r["MissedMutant"] + r["Timeout"]
    score = f"{100 * (r['CaughtMutant'] + r['Timeout']) / viable:.0f} %" if viable else "-"
    print(f"| {module} | {r['CaughtMutant']} | {r['MissedMutant']} | {r['Timeout']} | {r['Unviable']} | {score} |")
PY
