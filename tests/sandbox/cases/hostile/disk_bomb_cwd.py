# expect: OUTPUT_LIMIT
# stdout-lacks: ESCAPED
# why: writing a 64 MiB file into the working directory exceeds the 16 MiB scratch quota
MARK = "ESC" + "APED"
block = b"D" * (1 << 20)
with open("big.bin", "wb") as f:
    for i in range(64):
        f.write(block)
        f.flush()
print(MARK, "wrote 64 MiB into the working directory")
