# expect: TIME_LIMIT
# args: --cpu-ms 500 --wall-ms 1500
# why: a non-daemon thread that never ends keeps the interpreter alive after the main thread returns; the wall limit ends it
import threading
import time


def forever():
    while True:
        time.sleep(0.1)


threading.Thread(target=forever).start()
print("main thread returns", flush=True)
