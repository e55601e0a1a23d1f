# expect: TIME_LIMIT
# args: --cpu-ms 500 --wall-ms 1000
# why: a program that sleeps forever (no CPU use) is stopped at the wall-clock limit
import time

while True:
    time.sleep(0.2)
