# Test driver for flatten-nested-list (trusted author code).
#
# Deeply nested lists cannot be written as JSON test files (JSON parsers give
# up long before 100 000 levels), so a test's .in is either
#   - a JSON array of positional arguments, as in every function problem:
#       [[1, [2, [3]]]]   ->  flatten([1, [2, [3]]])
#   - or an object describing how to build the argument:
#       {"nested": X, "wrap": D}  ->  X inside D extra single-element lists:
#                                     D = 2 gives [[X]]
#       {"chain": N}              ->  N levels; level k is [[], atom_k, <level
#                                     k + 1>, [[]]], atom_k = k for even k and
#                                     str(k) for odd k; the innermost level is [].
#                                     Flattened: [0, "1", 2, "3", ..., atom_{N-1}]
# Every structure is built with loops, never recursion.


def _build(test):
    if "chain" in test:
        value = []
        for k in range(test["chain"] - 1, -1, -1):
            atom = k if k % 2 == 0 else str(k)
            value = [[], atom, value, [[]]]
        return value
    value = test["nested"]
    for _ in range(test.get("wrap", 0)):
        value = [value]
    return value


def run(solution, test):
    if isinstance(test, list):
        return solution.flatten(*test)
    return solution.flatten(_build(test))
