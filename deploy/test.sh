#!/usr/bin/env bash
# README's second command (and what .ci/run calls): install what is missing,
# build, and run every test: lint; the dev build's unit tests, the sandbox's
# hostile and honest cases, `proctorctl bank validate` over the whole bank
# and the pages in headless Chromium; the same tests again under AddressSanitizer and UBSan; the
# fuzz targets for 30 s each; and the benchmark's figures (printed, never asserted).
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
echo "== tests (asan; the bank's validation and the browser tests ran above)"
ctest --preset asan -j "$(nproc)" -LE "bank|web"

echo "== fuzz (clang, ASan + UBSan; 30 s a target)"
deploy/fuzz.sh 30

echo "== figures"
build/bin/sandbox-bench --runs 100
build/bin/proctord-load --connections 200 --duration 20
