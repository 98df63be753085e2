"""The case list at any size (lazy model, filter bar) and the 查找 results (ranked, highlighted)."""
