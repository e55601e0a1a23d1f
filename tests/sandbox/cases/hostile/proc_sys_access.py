# expect: OK
# stdout-has: blocked
# stdout-lacks: ESCAPED
# why: /proc and /sys are not available: no environ/cmdline of other processes, no kernel tunables, no host mounts
import os

MARK = "ESC" + "APED"
files = ["/proc/self/environ", "/proc/self/cmdline", "/proc/self/maps", "/proc/self/mountinfo",
         "/proc/self/status", "/proc/1/cmdline", "/proc/1/environ", "/proc/1/root/etc/shadow",
         "/proc/1/cwd", "/proc/sys/kernel/hostname", "/proc/sys/kernel/core_pattern",
         "/proc/sysrq-trigger", "/proc/kcore", "/proc/kallsyms", "/proc/mounts", "/proc/net/tcp",
         "/proc/cpuinfo", "/sys/kernel/uevent_helper", "/sys/fs/cgroup/cgroup.procs",
         "/sys/class/net", "/sys/firmware/efi/efivars", "/sys/kernel/debug"]
for path in files:
    try:
        if os.path.isdir(path):
            print(MARK, "directory", path, os.listdir(path)[:10])
            continue
        with open(path, "rb") as f:
            data = f.read(200)
        print(MARK, "read", path, data[:60])
    except OSError as e:
        print("blocked", path, type(e).__name__)
for d in ("/proc", "/sys"):
    try:
        entries = os.listdir(d)
        if entries:
            print(MARK, "listed", d, sorted(entries)[:20])
        else:
            print("empty", d)
    except OSError as e:
        print("blocked", d, type(e).__name__)
