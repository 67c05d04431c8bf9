#!/usr/bin/env bash
# Runs each fuzz target (fuzz/fuzz_targets) for a fixed time with libFuzzer.
#
# usage: scripts/fuzz.sh SECONDS [TARGET...]    (targets: parser pipeline config fmt lsp diff)
#
# FUZZ_MAX_LEN (default 65536 bytes) bounds an input; libFuzzer's own default is guessed
# from the seeds (about 10 KB here). libFuzzer grows its length limit slowly
# (-len_control): FUZZ_ARGS="-len_control=0" makes a run start with long inputs
# (FUZZ_ARGS: further libFuzzer flags, split at spaces).
# The file (8 MiB), run (128 MiB), declaration-count and configuration (1 MiB) limits are
# beyond a fuzzer's reach and are tested directly in tests/limits.rs.
#
# Needs the nightly toolchain (`rustup toolchain install nightly`) and installs
# cargo-fuzz if it is missing. Each target starts from a seed corpus built from the
# repository (the examples, the rule fixtures, the language examples and the broken-input
# corpus for the policy targets; every redline.yaml for the configuration target) and
# keeps what it learns in fuzz/corpus/TARGET. After the run, the inputs of that corpus that
# reach coverage tests/fuzz/TARGET/ does not yet reach are merged into it (libFuzzer's
# -set_cover_merge=1 over edges: a minimised corpus), and tests/fuzz_regressions.rs
# replays it on every `cargo test`. A crash or timeout is saved under fuzz/artifacts/TARGET; once fixed, copy
# it to tests/fuzz/TARGET/ under a name that says what it found. Prints one summary line
# per target.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
shift
max_len=${FUZZ_MAX_LEN:-65536}
read -r -a extra <<< "${FUZZ_ARGS:-}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parser pipeline config fmt lsp diff)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2

for target in "${targets[@]}"; do
  seeds=fuzz/seeds/$target
  rm -rf "$seeds" && mkdir -p "$seeds" "fuzz/corpus/$target" "fuzz/artifacts/$target" "tests/fuzz/$target"
  if [ "$target" = config ]; then
    dict=fuzz/dict/config.dict
    files=$(find examples templates tests -name '*.yaml'; find "tests/fuzz/$target" -type f)
  else
    dict=fuzz/dict/policy.dict
    files=$(find examples templates tests/fixtures tests/language tests/corpus/broken tests/harness policies \
      -name '*.redline'; find "tests/fuzz/$target" -type f)
  fi
  i=0
  for f in $files; do cp "$f" "$seeds/$i-$(basename "$f")"; i=$((i + 1)); done
  log=fuzz/artifacts/$target/last-run.log
  # -timeout: an input that takes 10 s is a hang to fix; -rss_limit_mb: and so is 2 GB.
  status=0
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "$seeds" -- \
    -max_total_time="$seconds" -max_len="$max_len" -dict="$dict" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "${extra[@]}" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' || echo '?')
  # Keep only what reaches coverage the seeds and the kept corpus do not: merge into a
  # staging copy of both, then keep the files the merge added. Edges only
  # (-use_counters=0) and a set cover: with hit counters every input adds a feature and
  # the kept corpus grows to megabytes.
  staging=$(mktemp -d)
  cp "$seeds"/* "$staging"/ 2>/dev/null || true
  cp "tests/fuzz/$target"/* "$staging"/ 2>/dev/null || true
  ls "$staging" > "$staging.before"
  cargo +nightly fuzz run "$target" "$staging" "fuzz/corpus/$target" -- \
    -set_cover_merge=1 -use_counters=0 -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 >"fuzz/artifacts/$target/merge.log" 2>&1 || true
  kept=0
  for f in "$staging"/*; do
    if ! grep -qxF "$(basename "$f")" "$staging.before"; then
      cp "$f" "tests/fuzz/$target/"
      kept=$((kept + 1))
    fi
  done
  rm -rf "$staging" "$staging.before"
  # Crashes, timeouts and out-of-memory inputs; `slow-unit-*` files are only notes.
  crashes=$(find "fuzz/artifacts/$target" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  echo "$target: ${seconds} s, $runs executions, exit $status, $crashes saved crash/timeout inputs, $kept inputs added to tests/fuzz/$target (log: $log)"
done
