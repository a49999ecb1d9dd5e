"""The tile map of Kazakhstan: one equal tile per region, placed roughly where the region lies.

No map tiles from elsewhere: a grid of links, coloured by violations per 100 hearings (CSS classes of the site's
own stylesheet, so the Content-Security-Policy needs no inline style).
"""

from __future__ import annotations

from typing import Any

# Region code → (column, row) on a 7 × 5 grid, west to east and north to south.
TILES = {
    "KZ-27": (1, 1), "KZ-39": (3, 1), "KZ-59": (4, 1), "KZ-55": (5, 1),
    "KZ-23": (1, 2), "KZ-15": (2, 2), "KZ-62": (3, 2), "KZ-11": (4, 2), "KZ-71": (5, 2), "KZ-10": (6, 2),
    "KZ-63": (7, 2),
    "KZ-47": (1, 3), "KZ-43": (3, 3), "KZ-35": (5, 3), "KZ-33": (7, 3),
    "KZ-61": (4, 4), "KZ-31": (5, 4), "KZ-19": (6, 4),
    "KZ-79": (4, 5), "KZ-75": (6, 5),
}
# Upper bounds of the colour classes (violations per 100 hearings); above the last: the darkest.
BINS = (0, 25, 50, 100)


def colour_class(rate: float | None) -> str:
    """``bin-none`` without hearings, else ``bin-0`` (none) … ``bin-4`` (more than one per hearing)."""
    if rate is None:
        return "bin-none"
    for index, bound in enumerate(BINS):
        if rate <= bound:
            return f"bin-{index}"
    return f"bin-{len(BINS)}"


def tiles(regions: list[Any], figures: dict[int, tuple[int, int]]) -> list[dict[str, Any]]:
    """One tile per region: its place, its figures (hearings, violations), the rate and its colour class."""
    out = []
    for region in regions:
        column, row = TILES[region.code]
        hearings, violations = figures.get(region.id, (0, 0))
        rate = round(100 * violations / hearings) if hearings else None
        out.append({"region": region, "column": column, "row": row, "hearings": hearings, "violations": violations,
                    "rate": rate, "colour": colour_class(rate)})
    return out
