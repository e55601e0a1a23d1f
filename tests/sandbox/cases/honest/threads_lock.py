# expect: OK
# stdout-has: counter = 400000
# why: a few threads updating a shared counter under a Lock work and give the exact result
import threading

counter = 0
lock = threading.Lock()


def work():
    global counter
    for _ in range(100000):
        with lock:
            counter += 1


threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter =", counter)
