from collections import Counter


def majority_element(nums: list[int]):
    if not nums:
        return None
    value, count = Counter(nums).most_common(1)[0]
    return value if count > len(nums) // 2 else None
