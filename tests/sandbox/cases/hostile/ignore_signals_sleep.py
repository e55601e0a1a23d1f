# expect: TIME_LIMIT
# args: --cpu-ms 500 --wall-ms 1000
# why: a sleeper that catches SIGTERM/SIGXCPU/SIGALRM/SIGHUP/SIGINT with handlers and keeps going is still stopped at the wall limit
import signal
import time


def keep_going(signum, frame):
    print("caught signal", signum, "- continuing", flush=True)


for s in (signal.SIGTERM, signal.SIGXCPU, signal.SIGALRM, signal.SIGHUP, signal.SIGINT,
          signal.SIGUSR1, signal.SIGUSR2, signal.SIGVTALRM, signal.SIGPROF, signal.SIGQUIT,
          signal.SIGPIPE, signal.SIGXFSZ):
    signal.signal(s, keep_going)
while True:
    try:
        time.sleep(0.1)
    except BaseException:
        pass
