def has_cycle(graph: list[list[int]]) -> bool:
    """Return True if the directed graph has a cycle.

    graph[u] lists the vertices that vertex u has an edge to; vertices are
    numbered 0 .. len(graph) - 1.
    """
    raise NotImplementedError
