# MISTAKE: searches only from vertex 0, so a cycle in a part of the graph
# that vertex 0 cannot reach is never found.

WHITE, GREY, BLACK = 0, 1, 2


def has_cycle(graph):
    if not graph:
        return False
    colour = [WHITE] * len(graph)
    colour[0] = GREY
    stack = [(0, iter(graph[0]))]
    while stack:
        u, it = stack[-1]
        for v in it:
            if colour[v] == GREY:
                return True
            if colour[v] == WHITE:
                colour[v] = GREY
                stack.append((v, iter(graph[v])))
                break
        else:
            colour[u] = BLACK
            stack.pop()
    return False
