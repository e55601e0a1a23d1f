# expect: OUTPUT_LIMIT
# why: endless writing to stderr counts against the same output limit
import sys

line = "error flood " * 10 + "\n"
while True:
    sys.stderr.write(line)
