def majority_element(nums: list[int]):
    """Return the value occurring more than len(nums) / 2 times in nums,
    or None if there is no such value."""
    raise NotImplementedError
