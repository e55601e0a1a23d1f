# MISTAKE: reports the file size in BYTES as the number of characters;
# every non-ASCII character takes 2 to 4 bytes in UTF-8.
import os

with open("notes.txt", encoding="utf-8") as handle:
    text = handle.read()
lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
print(lines, len(text.split()), os.path.getsize("notes.txt"))
