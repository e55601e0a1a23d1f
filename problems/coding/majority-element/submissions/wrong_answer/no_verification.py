# MISTAKE: the interview guide's Boyer-Moore vote without the second pass. It
# returns the last surviving candidate even when no value is a majority,
# e.g. 3 for [1, 2, 3].


def majority_element(nums):
    count = 0
    candidate = None
    for num in nums:
        if count == 0:
            candidate = num
        count += 1 if num == candidate else -1
    return candidate
