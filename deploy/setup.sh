#!/usr/bin/env bash
# Installs every Debian package and npm package the project needs, and only
# what is missing. Safe to run any number of times. README's commands, CI
# and new users all go through this one script.
set -euo pipefail

# One package per line, grouped by what needs it.
PACKAGES=(
  # build
  build-essential cmake ninja-build ccache pkg-config git
  # sandbox
  libseccomp-dev python3 util-linux
  # tests and tooling
  libgtest-dev libgmock-dev clang-format clang-tidy
  # the fuzz targets (deploy/fuzz.sh): clang and its libFuzzer and sanitizer runtimes
  clang libclang-rt-14-dev
  # grading library, daemon and store
  nlohmann-json3-dev libyaml-cpp-dev libsqlite3-dev libsodium-dev libboost1.81-dev zlib1g-dev
  # the PostgreSQL store: libpq, and the server binaries its tests start
  # themselves (their own initdb and port; Debian's own cluster is unused)
  libpq-dev postgresql-15
  # the pages' browser tests: Debian's Chromium (never a downloaded one)
  chromium fonts-dejavu-core
)
# Node.js builds the pages. The machine's own Node.js is used when it has
# one (its package may not be Debian's); otherwise Debian's.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

install_debian_packages() {
  if ((${#missing[@]} == 0)); then
    echo "setup: all ${#PACKAGES[@]} Debian packages present"
    return
  fi
  echo "setup: installing ${missing[*]}"
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  # An index older than a day may not know the packages; refresh it then.
  if [[ -z $(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1) ]]; then
    $sudo apt-get update -q
  fi
  if ! $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# The pages' npm packages, exactly as web/package-lock.json pins them;
# installed again only when the lock file changed since the last install.
install_npm_packages() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if ((major < 20)); then
    echo "setup: Node.js $(node --version) is too old for the pages' tools (playwright-core needs 20 or later)" >&2
    exit 1
  fi
  local stamp=web/node_modules/.proctor-lock-sha256
  local wanted
  wanted=$(sha256sum web/package-lock.json | cut -d' ' -f1)
  if [[ -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
    echo "setup: npm packages present (web/package-lock.json)"
    return
  fi
  echo "setup: installing the npm packages pinned in web/package-lock.json"
  npm ci --prefix web --no-audit --no-fund --loglevel=error
  echo "$wanted" >"$stamp"
}

cd "$(dirname "$0")/.."
install_debian_packages
install_npm_packages
