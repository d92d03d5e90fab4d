"""Runs every bench/bench_*.py module's run() and prints name=value lines.

Figures are medians of several runs; ratios compare against a bare baseline
measured in the same run, because these machines are shared and noisy.
Results are also written to bench/results.json.
"""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    only = set(argv[1:])
    results: dict[str, float] = {}
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem
        if only and name not in only:
            continue
        module = importlib.import_module(f"bench.{name}")
        for key, value in module.run().items():
            results[key] = value
            print(f"{key}={value}", flush=True)
    (HERE / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
