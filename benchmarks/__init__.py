"""The performance suite (DESIGN section 7). Each ``bench_*.py`` is a module with
``main() -> int`` that prints its figures (with the ratio to its target) and returns 0 when
every target holds; ``python -m benchmarks`` (``make bench``) runs them all."""
