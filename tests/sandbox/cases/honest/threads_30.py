# expect: OK
# stdout-has: 30 threads done, total 8555
# why: 30 threads (under the 64 thread/process limit) meeting at a Barrier, with results collected under a lock, work
import threading

barrier = threading.Barrier(30)
lock = threading.Lock()
results = []


def work(i):
    barrier.wait(timeout=3)  # never hang if some thread could not start
    value = sum(1 for _ in range(i * i))
    with lock:
        results.append(value)


threads = [threading.Thread(target=work, args=(i,)) for i in range(30)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(results), "threads done, total", sum(results))
