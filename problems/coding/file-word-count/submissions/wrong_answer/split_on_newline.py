# MISTAKE: counts lines as len(text.split("\n")), which is one too many when
# the file ends with a newline (and gives 1 for an empty file).
with open("notes.txt", encoding="utf-8") as handle:
    text = handle.read()
print(len(text.split("\n")), len(text.split()), len(text))
