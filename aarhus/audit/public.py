"""Public pages of the audit's published figures: the tile map of the regions and each region's page."""

from __future__ import annotations

from flask import abort, render_template, request, url_for

from aarhus.audit import stats, tilemap
from aarhus.audit.catalogue import CATALOGUE
from aarhus.bodies.operations import all_regions
from aarhus.core.guard import public
from aarhus.core.time import legal_today


def _year() -> int:
    year = request.args.get("year", type=int)
    return year if year and 2000 <= year <= 2040 else legal_today().year


@public
def regions() -> str:
    """The tile map of the 20 regions, coloured by violations per 100 hearings; each tile opens its region."""
    year = _year()
    figures = stats.Figures.of(year)
    return render_template("audit/public_map.html", year=year, tiles=tilemap.tiles(all_regions(),
                                                                                  figures.region_figures()),
                           summary=figures.summary(),
                           region_link=lambda region: url_for("audit.region", code=region.code, year=year))


@public
def region(code: str) -> str:
    """One region's published figures: notices, protocols, violations, findings by rule; the map beside them."""
    year = _year()
    figures = stats.Figures.of(year)
    tiles = tilemap.tiles(all_regions(), figures.region_figures())
    tile = next((t for t in tiles if t["region"].code == code), None)
    if tile is None:
        abort(404)
    summary = figures.summary(tile["region"].id, code)
    by_rule = [(CATALOGUE[rid], n) for rid, n in summary["findings_by_rule"].items() if n]
    return render_template("audit/public_region.html", year=year, tiles=tiles, tile=tile, summary=summary,
                           by_rule=by_rule,
                           region_link=lambda region: url_for("audit.region", code=region.code, year=year))
