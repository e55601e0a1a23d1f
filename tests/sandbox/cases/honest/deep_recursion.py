# expect: OK
# stdout-has: depth 50000 reached: 50000
# stdout-has: tree depth 50000
# why: deep but bounded recursion (50000 levels with sys.setrecursionlimit(100000)) works, run in a thread with a 64 MiB stack to be safe
import sys
import threading

sys.setrecursionlimit(100000)
threading.stack_size(64 << 20)
result = {}


def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


def tree_depth(node):
    # recursion on a nested structure, like a DFS on a long path
    return 0 if node is None else 1 + tree_depth(node[1])


def run():
    result["depth"] = depth(50000)
    node = None
    for i in range(50000):
        node = (i, node)
    result["tree"] = tree_depth(node)


t = threading.Thread(target=run)
t.start()
t.join()
print("depth 50000 reached:", result["depth"])
print("tree depth", result["tree"])
