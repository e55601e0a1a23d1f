with open("notes.txt", encoding="utf-8") as handle:
    text = handle.read()

lines = text.count("\n")
if text and not text.endswith("\n"):
    lines += 1  # the last line has no newline but is still a line
print(lines, len(text.split()), len(text))
