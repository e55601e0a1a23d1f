# expect: SECURITY_VIOLATION | RUNTIME_ERROR
# stdout-lacks: ESCAPED
# why: switching to real-time SCHED_FIFO priority (which could starve the host) fails or is forbidden
import os

MARK = "ESC" + "APED"
os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(99))
print(MARK, "running with SCHED_FIFO 99")
