# expect: TIME_LIMIT | OK
# args: --cpu-ms 500 --wall-ms 1500
# why: a program that stops itself with SIGSTOP is still ended at the wall limit (a stopped process can be SIGKILLed); as pid-namespace init the signal is ignored and it just finishes
import os
import signal

print("stopping myself", flush=True)
os.kill(os.getpid(), signal.SIGSTOP)
print("continued after SIGSTOP (pid-namespace init ignores it)", flush=True)
