# expect: OK
# stdout-has: blocked
# stdout-lacks: ESCAPED
# why: only harmless devices exist: no physical memory, kernel log, disks, terminals, consoles, kvm, tun, shared memory
import os

MARK = "ESC" + "APED"
devices = ["/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/sda", "/dev/sda1", "/dev/vda",
           "/dev/vda1", "/dev/xvda", "/dev/nvme0n1", "/dev/nvme0", "/dev/tty", "/dev/console",
           "/dev/tty0", "/dev/tty1", "/dev/ttyS0", "/dev/loop0", "/dev/loop-control",
           "/dev/mapper/control", "/dev/fuse", "/dev/kvm", "/dev/net/tun", "/dev/dri/card0",
           "/dev/input/event0", "/dev/hpet", "/dev/cpu/0/msr", "/dev/nvram", "/dev/snapshot",
           "/dev/vhost-net", "/dev/btrfs-control", "/dev/autofs", "/dev/uinput", "/dev/sg0"]
for path in devices:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        os.close(fd)
        print(MARK, "opened", path)
    except OSError as e:
        print("blocked", path, type(e).__name__)
for path in ("/dev/shm/pysandbox_probe", "/dev/mqueue/pysandbox_probe"):
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)
        print(MARK, "created", path)
    except OSError as e:
        print("blocked", path, type(e).__name__)
