# Kahn's algorithm: repeatedly remove vertices that have no incoming edges.
# Every vertex can be removed exactly when the graph has no cycle.
from collections import deque


def has_cycle(graph: list[list[int]]) -> bool:
    indegree = [0] * len(graph)
    for successors in graph:
        for v in successors:
            indegree[v] += 1
    ready = deque(u for u, d in enumerate(indegree) if d == 0)
    removed = 0
    while ready:
        u = ready.popleft()
        removed += 1
        for v in graph[u]:
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    return removed < len(graph)
