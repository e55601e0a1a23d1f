# expect: TIME_LIMIT
# args: --cpu-ms 500 --wall-ms 3000
# why: ignoring/blocking every catchable signal (SIGTERM, SIGXCPU, SIGALRM, ...) while busy-looping does not escape the CPU limit
import signal

ignored = []
for s in signal.valid_signals():
    try:
        signal.signal(s, signal.SIG_IGN)
        ignored.append(int(s))
    except (OSError, ValueError, RuntimeError):
        pass
signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
print("ignoring", len(ignored), "signals", flush=True)
n = 0
while True:
    n += 1
