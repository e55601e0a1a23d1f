# expect: OK
# stdout-has: unprivileged
# stdout-lacks: ESCAPED
# why: the program runs as a non-root uid/gid with no root group membership
import os

MARK = "ESC" + "APED"
ruid, euid, suid = os.getresuid()
rgid, egid, sgid = os.getresgid()
groups = os.getgroups()
print("uids", ruid, euid, suid, "gids", rgid, egid, sgid, "groups", groups)
if 0 in (ruid, euid, suid):
    print(MARK, "running with uid 0")
if 0 in (rgid, egid, sgid) or 0 in groups:
    print(MARK, "running with gid 0")
print("unprivileged")
