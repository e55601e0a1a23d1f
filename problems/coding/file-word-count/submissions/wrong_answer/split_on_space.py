# MISTAKE: splits words on single spaces only, so tabs and newlines do not
# separate words and runs of spaces produce empty "words".
with open("notes.txt", encoding="utf-8") as handle:
    text = handle.read()
lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
words = len(text.split(" ")) if text else 0
print(lines, words, len(text))
