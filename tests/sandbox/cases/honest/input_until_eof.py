# expect: OK
# stdin-repeat: 5 hello world
# stdout-has: read 5 lines, 10 words
# why: the input() loop that stops at EOFError reads every stdin line
lines = []
while True:
    try:
        lines.append(input())
    except EOFError:
        break
print("read", len(lines), "lines,", sum(len(l.split()) for l in lines), "words")
