#!/bin/sh
# Starts proctord (or a grader: same binary, other arguments) after making
# the container's cgroup file system writable. Container engines mount it
# read-only in unprivileged containers, but the sandbox creates a cgroup
# per run below its own (docs/sandbox.md). With a private cgroup namespace
# the container's own group is all that becomes writable. CAP_SYS_ADMIN
# (which the sandbox needs anyway) allows the remount.
set -eu
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  mount -o remount,rw /sys/fs/cgroup
else
  # cgroup v1: the hierarchies the sandbox uses.
  for controller in memory pids cpuacct cpu,cpuacct; do
    if mountpoint -q "/sys/fs/cgroup/$controller"; then
      mount -o remount,rw "/sys/fs/cgroup/$controller"
    fi
  done
fi
exec /opt/proctor/bin/proctord "$@"
