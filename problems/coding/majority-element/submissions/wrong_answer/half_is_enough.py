# MISTAKE: accepts a value that occurs exactly half of the time (>= instead
# of >), so [1, 1, 2, 2] wrongly gives 1.
from collections import Counter


def majority_element(nums):
    if not nums:
        return None
    value, count = Counter(nums).most_common(1)[0]
    if count >= len(nums) / 2:
        return value
    return None
