#!/usr/bin/env bash
# README's first command: install what is missing, build, and start the main
# job. At this stage that is the sandbox demo: a few programs, honest and
# hostile, run through build/bin/pysandbox with their verdicts printed.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/setup.sh
deploy/build.sh dev
build/bin/pysandbox check
for case in honest/hello_world honest/threads_lock honest/asyncio_gather_queue \
            hostile/fork_bomb hostile/net_inet_tcp hostile/memory_bomb_list \
            hostile/cpu_loop hostile/secrets_read; do
  file=tests/sandbox/cases/$case.py
  args=$(sed -n 's/^# args: //p' "$file")
  printf '%-28s ' "$case"
  # shellcheck disable=SC2086
  build/bin/pysandbox run $args "$file" </dev/null |
    /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print(f"{r[\"verdict\"]:<19} {r[\"wall_ms\"]:>5} ms  {r[\"detail\"]}")'
done
echo
echo "Try your own: build/bin/pysandbox run --cpu-ms 1000 FILE.py < input.txt"
