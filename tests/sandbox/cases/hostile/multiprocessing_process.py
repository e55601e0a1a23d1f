# expect: SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# why: multiprocessing.Process.start (fork start method) is stopped at fork
import multiprocessing

MARK = "ESC" + "APED"


def child():
    print(MARK, "in child process", flush=True)


if __name__ == "__main__":
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()
    print(MARK, "child exit code", p.exitcode)
