"""Charts carry their colours as presentation attributes: the site's CSP blocks inline styles."""

import re

from aarhus.core import charts


def test_charts_have_no_style_attributes_or_elements_and_name_themselves():
    for svg in (charts.stacked_bars({2025: {"HN": 3, "IR": 2}, 2026: {"HN": 1}}, ["HN", "IR"], "Trend"),
                charts.horizontal_bars(["Алматы", "Қарағанды"], [4, 1], "Regions")):
        assert " style=" not in svg and "<style" not in svg
        assert re.search(r'<path [^>]*fill="#00587a"', svg), "bar colours are presentation attributes"
        assert 'role="img"' in svg and 'aria-label="' in svg
        assert "<metadata" not in svg


def test_presentational_keeps_every_declaration():
    svg = '<svg width="1"><style>*{stroke-linecap: butt}</style><path style="fill: #fff; stroke: none; ' \
          'stroke-width: 0.8"/></svg>'
    out = charts.presentational(svg, "A \"quoted\" label")
    assert out == ('<svg role="img" aria-label="A &quot;quoted&quot; label" stroke-linejoin="round" '
                   'stroke-linecap="butt" width="1"><path fill="#fff" stroke="none" stroke-width="0.8"/></svg>')


def test_every_region_name_fits_left_of_its_bar():
    """The longest label is drawn right-aligned at the label column's edge: its column must hold it in the charts'
    own font (DejaVu Sans, the first named), or its first letters fall off the picture ("арағанды облысы")."""
    import json
    from pathlib import Path

    from PIL import ImageFont

    import aarhus.bodies

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 12)
    regions = json.loads((Path(aarhus.bodies.__file__).parent / "regions.json").read_text(encoding="utf-8"))
    for language in ("kk", "ru", "en"):
        for region in regions:
            name = region[language]
            svg = charts.horizontal_bars([name, "А"], [3, 1], "Regions")
            x = float(re.search(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end">' + re.escape(name), svg).group(1))
            assert x - font.getlength(name) >= 2, (name, x, font.getlength(name))


def test_a_rule_family_keeps_its_colour_whatever_other_families_have_findings():
    """The trend chart coloured the families by their place among those present: HP was orange, then red once a
    family sorted before it had findings."""
    from aarhus.audit.labels import family_colours

    def colour_of(svg, key):
        return re.search(r'<rect [^>]*fill="(#[0-9a-f]{6})"/><text [^>]*>' + re.escape(key) + "<", svg).group(1)

    alone = charts.stacked_bars({2026: {"HP": 2}}, ["HP"], "T", colours=family_colours(["HP"]))
    later = charts.stacked_bars({2026: {"HA": 1, "HN": 1, "HP": 2}}, ["HA", "HN", "HP"], "T",
                                colours=family_colours(["HA", "HN", "HP"]))
    assert colour_of(alone, "HP") == colour_of(later, "HP")
    assert len({colour_of(later, k) for k in ("HA", "HN", "HP")}) == 3
