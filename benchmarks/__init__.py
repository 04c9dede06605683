"""Speed and memory goals, measured as ratios against raw PostGIS in the same run (see PERFORMANCE.md).

Each module runs on its own: ``python -m benchmarks.<name>``; ``python -m benchmarks`` runs them all.
"""
