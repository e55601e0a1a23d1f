# expect: OK
# stdout-has: select saw 2 readable
# stdout-has: epoll events 1
# stdout-has: eventfd 5
# why: os.pipe, select/poll/epoll and eventfd work inside the process
import os
import select

r1, w1 = os.pipe()
r2, w2 = os.pipe()
os.write(w1, b"a")
os.write(w2, b"b")
readable, _, _ = select.select([r1, r2], [], [], 1)
print("select saw", len(readable), "readable")
p = select.poll()
p.register(r1, select.POLLIN)
print("poll", len(p.poll(100)))
ep = select.epoll()
ep.register(r2, select.EPOLLIN)
print("epoll events", len(ep.poll(0.1)))
ep.close()
efd = os.eventfd(0)
os.eventfd_write(efd, 2)
os.eventfd_write(efd, 3)
print("eventfd", os.eventfd_read(efd))
for fd in (r1, w1, r2, w2, efd):
    os.close(fd)
