def majority_element(nums: list[int]):
    candidate, votes = None, 0
    for x in nums:
        if votes == 0:
            candidate = x
        votes += 1 if x == candidate else -1
    # The vote only finds the majority if there is one: verify it.
    if nums and nums.count(candidate) * 2 > len(nums):
        return candidate
    return None
