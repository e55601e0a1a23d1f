# expect: SECURITY_VIOLATION | RUNTIME_ERROR
# stdout-lacks: ESCAPED
# why: setting the system clock fails (EPERM) or is forbidden; it sets the current time so it is harmless anywhere
import time

MARK = "ESC" + "APED"
time.clock_settime(time.CLOCK_REALTIME, time.clock_gettime(time.CLOCK_REALTIME))
print(MARK, "clock_settime worked")
