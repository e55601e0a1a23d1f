# expect: OK
# stdout-has: last line 9215
# why: output just under the 1024 KiB limit (900 KiB on stdout) is accepted in full
import sys

line = "x" * 99 + "\n"  # 100 bytes
out = sys.stdout
for i in range(9215):
    out.write(line)
out.write("last line 9215\n")
