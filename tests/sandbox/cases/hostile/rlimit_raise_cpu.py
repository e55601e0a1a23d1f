# expect: TIME_LIMIT
# args: --cpu-ms 500 --wall-ms 3000
# why: raising RLIMIT_CPU as far as allowed does not lift the CPU time limit
import resource

for res in (resource.RLIMIT_CPU,):
    soft, hard = resource.getrlimit(res)
    try:
        resource.setrlimit(res, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    except (ValueError, OSError):
        try:
            resource.setrlimit(res, (hard, hard))
        except (ValueError, OSError):
            pass
print("limits now", resource.getrlimit(resource.RLIMIT_CPU), flush=True)
n = 0
while True:
    n += 1
