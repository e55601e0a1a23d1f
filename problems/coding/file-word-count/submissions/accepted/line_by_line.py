lines = words = chars = 0
with open("notes.txt", encoding="utf-8", newline="") as handle:
    for line in handle:  # each item ends with "\n", except maybe the last
        lines += 1
        words += len(line.split())
        chars += len(line)
print(lines, words, chars)
