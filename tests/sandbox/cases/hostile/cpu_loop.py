# expect: TIME_LIMIT
# args: --cpu-ms 500 --wall-ms 3000
# why: an endless busy loop is stopped at the CPU time limit
n = 0
while True:
    n += 1
