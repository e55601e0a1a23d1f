# expect: OK
# stdout-has: clocks ok
# why: time.time/monotonic/perf_counter/process_time/thread_time, sleep and localtime/strftime work
import time

t0 = time.monotonic()
p0 = time.perf_counter()
time.sleep(0.05)
assert time.monotonic() - t0 >= 0.04
assert time.perf_counter() - p0 >= 0.04
assert time.time() > 1.6e9
assert time.process_time() >= 0 and time.thread_time() >= 0
time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
time.gmtime(0)
print("clocks ok")
