# expect: OUTPUT_LIMIT
# why: endless printing to stdout is stopped at the output limit
import sys

line = "flood " * 20 + "\n"
while True:
    sys.stdout.write(line)
