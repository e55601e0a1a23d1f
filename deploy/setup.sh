#!/usr/bin/env bash
# Installs every Debian package the project needs, and only what is missing.
# Safe to run any number of times. README's commands, CI and new users all
# go through this one script.
set -euo pipefail

# One package per line, grouped by what needs it.
PACKAGES=(
  # build
  build-essential cmake ninja-build ccache pkg-config git
  # sandbox
  libseccomp-dev python3 util-linux
  # tests and tooling
  libgtest-dev libgmock-dev clang-format clang-tidy
  # grading library, daemon and store
  nlohmann-json3-dev libyaml-cpp-dev libsqlite3-dev libsodium-dev libboost1.81-dev zlib1g-dev
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# An index older than a day may not know the packages; refresh it then.
if [[ -z $(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1) ]]; then
  $SUDO apt-get update -q
fi
if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
