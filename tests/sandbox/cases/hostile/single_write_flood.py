# expect: OUTPUT_LIMIT
# args: --output-kb 64
# why: one huge unbuffered write(2) of 64 MiB (no newlines) is cut off at a small output limit
import os

data = b"z" * (64 << 20)
view = memoryview(data)
while view:
    n = os.write(1, view)
    view = view[n:]
