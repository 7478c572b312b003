"""Offline evaluation: run the pipeline over recorded cases, score it, report, compare with a baseline.

cases.py (case files) -> runner.py (pipeline in a temporary data dir) -> checks.py (per case) ->
metrics.py (aggregates) -> report.py + charts.py (JSON and HTML) -> compare.py (baseline guard).
"""
