"""Benchmarks (run with `make bench`); see docs/performance.md."""
