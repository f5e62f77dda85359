"""Benchmarks that print measured values next to a baseline run side by side.

``python -m bench`` (``make bench``) runs every registered benchmark, each in its own
Python process, prints one table and writes ``bench/results/latest.json``.
"""
