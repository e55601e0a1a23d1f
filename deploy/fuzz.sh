#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang, ASan and UBSan into
# build-fuzz/, and runs each for a bounded time on a copy of its seed corpus
# (the repository is never written). Fails on any crash, leak, timeout,
# memory blow-up or sanitizer report; the input that did it and the log
# are kept in build-fuzz/artifacts/. docs/testing.md says more.
# usage: deploy/fuzz.sh [seconds per target, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
targets=(candidate_message problem mcq_set gift aiken)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

artifacts=build-fuzz/artifacts
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The last status line of a run: "#123456 DONE cov: 812 ft: 2900 corp: 140/20Kb ...".
summary() {
  grep -E '^#[0-9]+' "$1" | tail -n 1 | sed -E 's/^#([0-9]+)[^c]*cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*/\1 runs, coverage \2 edges, \3 features, corpus \4/'
}

failed=()
for target in "${targets[@]}"; do
  cp -r "tests/fuzz/$target/corpus" "$work/$target"
  args=("$work/$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048
    -artifact_prefix="$artifacts/$target-" -print_final_stats=1)
  dict="tests/fuzz/$target/$target.dict"
  [[ -f $dict ]] && args+=(-dict="$dict")
  log="$artifacts/$target.log"
  # Leaks are reported at exit (ASan's LeakSanitizer); UBSan aborts on its
  # first report (-fno-sanitize-recover), which libFuzzer counts as a crash.
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "build-fuzz/bin/${target}_fuzz" "${args[@]}" >"$log" 2>&1; then
    echo "fuzz $target: $(summary "$log")"
  else
    echo "fuzz $target: FAILED; the input is in $artifacts/$target-*, the log in $log" >&2
    grep -E 'ERROR|SUMMARY|runtime error|fuzz property' "$log" | head -n 20 >&2 || true
    failed+=("$target")
  fi
done
if ((${#failed[@]} > 0)); then
  echo "fuzz: ${#failed[@]} of ${#targets[@]} targets failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds} s each: no crash, leak or timeout"
