# expect: TIME_LIMIT
# args: --cpu-ms 500 --wall-ms 1500
# why: closing stdout/stderr does not make the sandbox think the program ended; it is stopped at the wall limit
import os
import time

os.close(0)
os.close(1)
os.close(2)
while True:
    time.sleep(0.1)
