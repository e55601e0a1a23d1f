#!/usr/bin/env bash
# The sandbox demo: a few programs, honest and hostile, run through
# build/bin/pysandbox with their verdicts printed. Needs a build (deploy/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
for case in honest/hello_world honest/threads_lock honest/asyncio_gather_queue \
            hostile/fork_bomb hostile/net_inet_tcp hostile/memory_bomb_list \
            hostile/cpu_loop hostile/secrets_read; do
  file=tests/sandbox/cases/$case.py
  args=$(sed -n 's/^# args: //p' "$file")
  printf '%-28s ' "$case"
  # shellcheck disable=SC2086
  build/bin/pysandbox run $args "$file" </dev/null |
    /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print("%-19s %5d ms  %s" % (r["verdict"], r["wall_ms"], r["detail"]))'
done
