# MISTAKE: the interview guide's recursive DFS. The logic is right, but it
# uses one Python stack frame per vertex on the current path, so long paths
# (30 000 vertices) end in RecursionError.


def has_cycle(graph):
    visited = [False] * len(graph)
    on_path = [False] * len(graph)

    def visit(u):
        visited[u] = True
        on_path[u] = True
        for v in graph[u]:
            if not visited[v]:
                if visit(v):
                    return True
            elif on_path[v]:
                return True
        on_path[u] = False
        return False

    return any(not visited[u] and visit(u) for u in range(len(graph)))
