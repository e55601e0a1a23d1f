# expect: OK
# stdout-has: walk finished
# stdout-lacks: D:/home
# stdout-lacks: D:/work
# stdout-lacks: D:/root
# stdout-lacks: D:/proc
# stdout-lacks: D:/sys
# stdout-lacks: D:/run
# stdout-lacks: FOUND:
# why: walking the whole visible filesystem finds only python, its libraries and a few devices: no /home, /work, /root, /proc, /sys, /run, /etc/shadow, no keys
import os

FOUND = "FOU" + "ND:"
secret_names = {"shadow", "gshadow", "id_rsa", "id_ed25519", "id_ecdsa", "authorized_keys",
                "known_hosts", ".bash_history", ".netrc", ".pgpass", "credentials", ".env",
                "docker.sock", "containerd.sock", "token", ".git-credentials", "config.json"}
bad_prefixes = ("/home", "/work", "/root", "/proc", "/sys", "/run", "/var/run", "/etc/shadow",
                "/etc/passwd", "/etc/ssh", "/srv", "/mnt", "/media")
ndirs = nfiles = nfound = 0
for top, dirs, files in os.walk("/"):
    ndirs += 1
    if ndirs <= 2000:
        print("D:" + top)
    for name in files + dirs:
        path = os.path.join(top, name)
        if name in secret_names or path.startswith(bad_prefixes):
            nfound += 1
            if nfound <= 200:
                print(FOUND, path)
    nfiles += len(files)
for path in ("/etc/shadow", "/etc/passwd", "/proc/self", "/sys/kernel", "/home", "/work", "/root"):
    if os.path.lexists(path):
        print(FOUND, "exists", path)
print("top level:", sorted(os.listdir("/")))
print("walk finished:", ndirs, "directories,", nfiles, "files")
