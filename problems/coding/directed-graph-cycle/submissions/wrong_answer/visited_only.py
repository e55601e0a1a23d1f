# MISTAKE: treats ANY already-visited vertex as proof of a cycle. That is the
# test for undirected graphs; in a directed graph two paths may meet at the
# same vertex (0 -> 1 -> 3, 0 -> 2 -> 3) without forming a cycle.


def has_cycle(graph):
    visited = set()
    for start in range(len(graph)):
        if start in visited:
            continue
        stack = [start]
        while stack:
            u = stack.pop()
            if u in visited:
                return True
            visited.add(u)
            stack.extend(graph[u])
    return False
