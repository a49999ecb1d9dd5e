"""One million due-date computations against a plain ``date + timedelta`` loop.

Prints the time of each and their ratio (target: under 5×). Both loops walk the
same dates and rules; only the computation differs.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from aarhus.deadlines import Calendar, due_on, load_pack_file

N = 1_000_000


def inputs() -> tuple[list[date], list]:
    pack = load_pack_file("kz-default")
    start = date(2020, 1, 1)
    days = [start + timedelta(days=i % 3650) for i in range(N)]
    rules = [pack.rule(code, date(2020, 1, 1)) for code in pack.codes]
    return days, [rules[i % len(rules)] for i in range(N)]


def run() -> list[tuple[str, float, str]]:
    """Return rows of (measure, value, unit)."""
    calendar = Calendar()
    days, rules = inputs()
    t0 = time.perf_counter()
    for day, rule in zip(days, rules, strict=True):
        day + timedelta(days=rule.length)
    baseline = time.perf_counter() - t0
    t0 = time.perf_counter()
    for day, rule in zip(days, rules, strict=True):
        due_on(rule, day, calendar)
    engine = time.perf_counter() - t0
    return [
        ("deadlines: 1M date + timedelta (s)", baseline, "s"),
        ("deadlines: 1M due_on, 12 rules (s)", engine, "s"),
        ("deadlines: ratio engine / timedelta (target < 5)", engine / baseline, "×"),
    ]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:55s} {value:8.2f} {unit}")
