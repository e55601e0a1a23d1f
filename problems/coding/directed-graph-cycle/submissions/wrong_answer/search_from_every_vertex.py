# MISTAKE: for every vertex, runs a fresh search to see whether the vertex can
# reach itself. Correct, but O(n * (n + m)): on a 30 000-vertex path that is
# hundreds of millions of steps, and the large tests run out of time.


def has_cycle(graph):
    for start in range(len(graph)):
        seen = set()
        stack = list(graph[start])
        while stack:
            u = stack.pop()
            if u == start:
                return True
            if u not in seen:
                seen.add(u)
                stack.extend(graph[u])
    return False
