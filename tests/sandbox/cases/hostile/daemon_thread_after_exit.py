# expect: OK
# stdout-has: main done
# why: daemon threads still running (busy, sleeping, writing) when the main thread exits are torn down with the process; the run ends normally
import threading
import time


def busy():
    n = 0
    while True:
        n += 1


def sleeper():
    while True:
        time.sleep(0.05)


def writer():
    i = 0
    while True:
        with open("daemon_%d.txt" % (i % 4), "w") as f:
            f.write("still here %d\n" % i)
        i += 1
        time.sleep(0.01)


for fn in (busy, sleeper, writer):
    threading.Thread(target=fn, daemon=True).start()
time.sleep(0.2)
print("main done", flush=True)
