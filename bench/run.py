"""Run every benchmark in bench/ and print one table of what each measured."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    rows = []
    for path in sorted(HERE.glob("bench_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        rows += module.run()
    print(f"{'measure':58s} {'value':>9s}")
    for name, value, unit in rows:
        print(f"{name:58s} {value:9.2f} {unit}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
