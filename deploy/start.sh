#!/usr/bin/env bash
# README's first command: install what is missing, build, and start the
# service with an embedded SQLite database under var/proctord and the
# built-in question bank, on http://127.0.0.1:8080/. On the first start it
# prints the admin account's one-time password. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/setup.sh
deploy/build.sh dev
build/bin/pysandbox check
exec build/bin/proctord --data-dir var/proctord --listen 127.0.0.1:8080 --problems problems \
  --web build/web "$@"
