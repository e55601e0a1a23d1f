# MISTAKE: counts every element with list.count(). Correct, but O(n^2): a
# long list without a majority takes billions of steps and runs out of time.


def majority_element(nums):
    for x in nums:
        if nums.count(x) > len(nums) // 2:
            return x
    return None
