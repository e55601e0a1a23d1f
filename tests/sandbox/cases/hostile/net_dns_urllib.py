# expect: SECURITY_VIOLATION
# detail-has: socket
# stdout-lacks: ESCAPED
# why: a plain HTTP download needs name resolution (nscd socket / DNS over UDP) and a TCP socket; the first socket() is stopped
import urllib.request

MARK = "ESC" + "APED"
with urllib.request.urlopen("http://example.com/", timeout=2) as r:
    print(MARK, "downloaded", len(r.read()), "bytes")
