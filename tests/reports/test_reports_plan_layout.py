"""The action plan's table as it is read: one measure's row is not cut across two pages."""

from __future__ import annotations

import re
import subprocess


def _pages(path) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                                                             check=True).stdout).group(1))
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                           text=True, check=True).stdout for n in range(1, count + 1)]


def test_no_page_of_the_plan_starts_in_the_middle_of_a_measure(runner, tmp_path):
    """Measure 42 of «Таза Қазақстан» had its term and executors on one page and its name on the next. (A year
    without progress entered, so every row is shorter than a page; a longer one still breaks.)"""
    out = tmp_path / "plan.pdf"
    result = runner.invoke(args=["report", "action-plan", "--concept", "taza-kazakhstan", "--year", "2025", "--lang",
                                 "kk", "--out", str(out)])
    assert result.exit_code == 0, result.output
    continued = []
    for number, page in enumerate(_pages(out), start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        header = next((i for i, line in enumerate(lines) if line.split() == ["1", "2", "3", "4", "5", "6"]), None)
        if header is None or header + 1 >= len(lines) - 1:
            continue  # the cover, or a page without the table
        first = lines[header + 1]
        if not re.match(r"\s*(\d+\.\s|\d+-бағыт)", first):
            continued.append((number, first.strip()[:60]))
    assert continued == []
