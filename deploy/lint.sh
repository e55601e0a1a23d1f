#!/usr/bin/env bash
# The root's .clang-format and .clang-tidy, applied to every C++ source.
# Needs build/compile_commands.json (deploy/build.sh dev makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
# Test fixtures are other people's files (a Kattis package's C++
# submission), kept exactly as such packages come.
mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' | grep -v '/fixtures/')
echo "clang-format: ${#sources[@]} files"
clang-format --dry-run --Werror "${sources[@]}"
# beast_impl.cpp is Boost's own implementation, compiled in our tree.
mapfile -t units < <(git ls-files '*.cpp' | grep -v -e '^tests/' -e 'beast_impl.cpp')
echo "clang-tidy: ${#units[@]} translation units"
printf '%s\n' "${units[@]}" | xargs -P "$(nproc)" -n 2 clang-tidy -p build --quiet 2>/dev/null
