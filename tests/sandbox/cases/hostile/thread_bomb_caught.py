# expect: OK
# stdout-has: can't start new thread
# stdout-lacks: ESCAPED
# why: a thread bomb is stopped by the pid/thread limit (RuntimeError), the program catches it and exits cleanly
import threading

MARK = "ESC" + "APED"
release = threading.Event()
threads = []
try:
    for i in range(10000):
        t = threading.Thread(target=release.wait, daemon=True)
        t.start()
        threads.append(t)
except RuntimeError as e:
    print("blocked after", len(threads), "threads:", e)
else:
    print(MARK, "started all", len(threads), "threads")
release.set()
for t in threads:
    t.join()
print("joined", len(threads))
