# expect: OK
# stdout-has: tail-marker
# why: invalid UTF-8, NUL bytes and lone surrogate escapes on stdout/stderr do not break the JSON result
import os

os.write(1, b"\xff\xfe\x00\x80 invalid utf-8 \xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80\n")
os.write(2, b"\xff\x00\xfe stderr bytes \xc0\xaf\n")
os.write(1, bytes(range(256)) + b"\n")
os.write(1, b"tail-marker\n")
