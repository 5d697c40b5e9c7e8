"""Benchmarks and the synthetic corpus they run on (not part of the test suite)."""
