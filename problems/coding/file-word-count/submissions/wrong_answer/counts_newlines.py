# MISTAKE: counts newline characters as lines (like `wc -l`), so a last line
# without a final newline is not counted.
with open("notes.txt", encoding="utf-8") as handle:
    text = handle.read()
print(text.count("\n"), len(text.split()), len(text))
