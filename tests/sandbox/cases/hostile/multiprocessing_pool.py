# expect: SECURITY_VIOLATION | RUNTIME_ERROR
# stdout-lacks: ESCAPED
# why: a process pool cannot start: either sem_open fails (no /dev/shm) before forking, or the fork is killed
import multiprocessing

MARK = "ESC" + "APED"


def square(x):
    return x * x


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        print(MARK, pool.map(square, range(10)))
