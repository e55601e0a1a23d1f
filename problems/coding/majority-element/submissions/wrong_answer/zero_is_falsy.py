# MISTAKE: tests the candidate with "if candidate", which is False for the
# value 0, so a majority of zeros is reported as None.


def majority_element(nums):
    candidate, votes = None, 0
    for x in nums:
        if votes == 0:
            candidate = x
        votes += 1 if x == candidate else -1
    if candidate and nums.count(candidate) > len(nums) // 2:
        return candidate
    return None
