# expect: OK
# stdout-has: interrupted by SIGALRM after about 1 s
# why: a SIGALRM handler with signal.alarm(1) interrupts time.sleep(2); signals to itself work
import signal
import time


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, on_alarm)
start = time.monotonic()
signal.alarm(1)
try:
    time.sleep(2)
    print("sleep was not interrupted")
except Timeout:
    elapsed = time.monotonic() - start
    if 0.8 <= elapsed < 1.9:
        print("interrupted by SIGALRM after about 1 s")
    else:
        print("interrupted after", elapsed)
