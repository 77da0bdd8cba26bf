"""Benchmark tooling of the checkout: the scale generator and the timed questions with their SQLite and pandas
baselines. Not part of the wheel; nothing in qcbrand imports it. Run it as `python -m qcbench`."""
