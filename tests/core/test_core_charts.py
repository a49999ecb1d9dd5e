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
