# Depth-first search with three colours, driven by an explicit stack so that
# long paths cannot exhaust Python's call stack.
#   WHITE: not reached yet; GREY: on the current DFS path; BLACK: finished.
# An edge into a GREY vertex closes a cycle.

WHITE, GREY, BLACK = 0, 1, 2


def has_cycle(graph: list[list[int]]) -> bool:
    colour = [WHITE] * len(graph)
    for start in range(len(graph)):
        if colour[start] != WHITE:
            continue
        colour[start] = GREY
        stack = [(start, iter(graph[start]))]
        while stack:
            vertex, successors = stack[-1]
            for nxt in successors:
                if colour[nxt] == GREY:
                    return True
                if colour[nxt] == WHITE:
                    colour[nxt] = GREY
                    stack.append((nxt, iter(graph[nxt])))
                    break
            else:
                colour[vertex] = BLACK
                stack.pop()
    return False
