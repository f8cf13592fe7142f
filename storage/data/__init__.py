"""The practice's data files: readers, readings per dashboard, the readings cache."""
