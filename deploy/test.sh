#!/usr/bin/env bash
# README's second command (and what .ci/run calls): install what is missing,
# build, and run every test: the dev build with the sandbox's hostile and
# honest cases, the same tests again under AddressSanitizer and UBSan, and
# the benchmark's figures (printed, never asserted).
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/setup.sh

echo "== build (dev)"
deploy/build.sh dev
echo "== lint"
deploy/lint.sh
echo "== tests (dev)"
ctest --preset dev -j "$(nproc)"

echo "== build (asan)"
deploy/build.sh asan
echo "== tests (asan)"
ctest --preset asan -j "$(nproc)"

echo "== figures"
build/bin/sandbox-bench --runs 100
