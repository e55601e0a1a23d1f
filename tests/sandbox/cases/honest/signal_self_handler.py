# expect: OK
# stdout-has: handled SIGUSR1 and SIGTERM
# why: a program can send signals to itself (os.kill(os.getpid(), ...), signal.raise_signal) and handle them
import os
import signal

got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append("SIGUSR1"))
signal.signal(signal.SIGTERM, lambda s, f: got.append("SIGTERM"))
os.kill(os.getpid(), signal.SIGUSR1)
signal.raise_signal(signal.SIGTERM)
print("handled", " and ".join(got))
