# expect: OUTPUT_LIMIT
# why: 700 KiB on stdout plus 700 KiB on stderr are each under 1024 KiB but together over it (the limit is on stdout+stderr together)
import os

chunk = b"y" * 1024
for _ in range(700):
    os.write(1, chunk)
    os.write(2, chunk)
