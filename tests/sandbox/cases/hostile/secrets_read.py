# expect: OK
# stdout-has: blocked
# stdout-lacks: ESCAPED
# why: no host secret or project file can be read, listed or even stat()ed: /etc/shadow, /etc/passwd, /root, /home, SSH keys, /work, /run
import os

MARK = "ESC" + "APED"
files = [
    "/etc/shadow", "/etc/gshadow", "/etc/passwd", "/etc/group", "/etc/sudoers",
    "/etc/ssh/ssh_host_rsa_key", "/etc/ssh/ssh_host_ed25519_key", "/etc/machine-id",
    "/root/.ssh/id_rsa", "/root/.ssh/id_ed25519", "/root/.ssh/authorized_keys",
    "/root/.bash_history", "/root/.aws/credentials", "/root/.netrc", "/root/.gitconfig",
    "/root/.docker/config.json", "/root/.pyenv/version", "/var/lib/docker",
    "/work/main/README.md", "/work/main/sandbox", "/work/main/problems", "/work/main/daemon",
    "/work/main/deploy", "/work/main/tests", "/work/main/.git/config",
    "/run/secrets", "/var/run/secrets/kubernetes.io/serviceaccount/token",
    "../../../../../../../../etc/shadow", "../../../../../../../../root/.ssh/id_rsa",
    "../../../../../../../../work/main",
]
dirs = ["/root", "/home", "/work", "/work/main", "/root/.ssh", "/run", "/var/run", "/srv", "/mnt", "/media", "/opt"]
found = 0
for path in files:
    try:
        if os.path.isdir(path):
            print(MARK, "directory exists:", path, os.listdir(path)[:20])
        else:
            with open(path, "rb") as f:
                data = f.read(200)
            print(MARK, "read", path, data[:80])
        found += 1
    except OSError as e:
        print("blocked", path, type(e).__name__)
for path in dirs:
    try:
        entries = os.listdir(path)
        if entries:
            print(MARK, "listed", path, entries[:20])
            found += 1
        else:
            print("empty", path)
    except OSError as e:
        print("blocked", path, type(e).__name__)
try:
    st = os.stat("/work")
    print(MARK, "/work exists", st)
except OSError as e:
    print("blocked stat /work", type(e).__name__)
print("found", found)
