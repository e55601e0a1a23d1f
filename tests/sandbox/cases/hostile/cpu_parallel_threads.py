# expect: TIME_LIMIT
# args: --cpu-ms 1000 --wall-ms 10000
# why: CPU time of all threads counts: 4 threads each burning 1 s of CPU in parallel (hashing releases the GIL) exceed a 1 s CPU limit although the wall time stays low
import hashlib
import threading
import time

buf = b"h" * (1 << 20)


def burn():
    start = time.thread_time()
    while time.thread_time() - start < 1.0:
        hashlib.sha256(buf).digest()


threads = [threading.Thread(target=burn) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("finished 4 s of CPU work without being stopped")
