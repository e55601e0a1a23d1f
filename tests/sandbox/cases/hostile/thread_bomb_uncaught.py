# expect: RUNTIME_ERROR
# stdout-lacks: ESCAPED
# why: an uncaught "can't start new thread" from a thread bomb ends the program with an error; the machine survives
import threading
import time

MARK = "ESC" + "APED"


def spin():
    while True:
        time.sleep(0.05)


for i in range(100000):
    threading.Thread(target=spin, daemon=True).start()
print(MARK, "started 100000 threads")
