"""Server-rendered SVG charts, for pages and PDF reports alike, written directly as SVG text.

The site's Content-Security-Policy has no ``'unsafe-inline'`` for styles, so a browser ignores ``style``
attributes and ``<style>`` elements of inline SVG. The charts therefore carry their colours as presentation
attributes (``fill="…"``, ``stroke="…"``), which no policy blocks, and name themselves for screen readers
(``role="img"``, ``aria-label``). Drawing one takes well under a millisecond (matplotlib took about half a second
per chart, on every page whose figures had changed).
"""

from __future__ import annotations

import functools
import html
import math
import re
from typing import Any

PALETTE = ["#00587a", "#e07a10", "#3a8d3f", "#b3261e", "#7b4fa0", "#6b7b8c", "#c2a100", "#1f9bb0"]
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
INK, GRID, AXIS = "#1b1b1b", "#e3e6ea", "#6b7b8c"
WIDTH = 640
CHAR = 0.6  # the width of a character, in font sizes (DejaVu Sans averages a little less)

_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)


def _declarations(match: re.Match) -> str:
    """``style="fill: #fff; stroke: none"`` → `` fill="#fff" stroke="none"``."""
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{html.escape(value.strip(), quote=True)}"' for name, value in pairs)


def presentational(svg: str, label: str = "") -> str:
    """SVG without style attributes or elements (their declarations become presentation attributes), for SVG made
    elsewhere."""
    svg = _METADATA.sub("", _STYLE_ELEMENT.sub("", svg))
    svg = _STYLE_ATTRIBUTE.sub(_declarations, svg)
    root = f'<svg role="img" aria-label="{html.escape(label, quote=True)}" stroke-linejoin="round" ' \
        'stroke-linecap="butt" '
    return svg.replace("<svg ", root, 1)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _ticks(top: int) -> tuple[list[int], int]:
    """Whole-number ticks from 0 covering ``top`` (at most about six), and the axis maximum."""
    if top <= 0:
        return [0, 1], 1
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    axis_max = step * math.ceil(top / step)
    return list(range(0, axis_max + 1, step)), axis_max


def _root(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg role="img" aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" {FONT} font-size="12" fill="{INK}">'
            f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
            + "".join(body) + "</svg>")


def _title(title: str) -> tuple[list[str], int]:
    if not title:
        return [], 8
    return [f'<text x="{WIDTH / 2:.0f}" y="18" text-anchor="middle" font-size="13" font-weight="bold">'
            f'{_e(title)}</text>'], 34


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian's fonts-dejavu-core (scripts/system-packages.sh)


@functools.cache
def _font(size: int) -> Any:
    try:
        from PIL import ImageFont

        return ImageFont.truetype(DEJAVU, size)
    except OSError:
        return None


def text_width(text: str, size: int) -> float:
    """The width of ``text`` in the charts' first font, DejaVu Sans, measured with its metrics (a browser without
    it draws in a narrower one); without the font file, a generous estimate."""
    font = _font(size)
    return font.getlength(text) if font is not None else 0.72 * size * len(text)


def stacked_bars(series: dict[int, dict[str, int]], keys: list[str], title: str,
                 colours: list[str] | None = None) -> str:
    """Stacked bars per year (x) and key (e.g. rule family), with whole-number ticks and a legend below; SVG.

    ``colours``: one per key (a key keeps its colour from chart to chart); else the palette in the keys' order."""
    colours = colours or [PALETTE[i % len(PALETTE)] for i in range(len(keys))]
    body, top = _title(title)
    years = list(series)
    totals = [sum(series[y].get(k, 0) for k in keys) for y in years]
    ticks, axis_max = _ticks(max(totals, default=0))
    left = 12 + int(CHAR * 11 * len(str(axis_max)))
    plot_w, plot_h = WIDTH - left - 12, 190
    base = top + plot_h
    for tick in ticks:
        y = base - plot_h * tick / axis_max
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{tick}</text>')
    slot = plot_w / max(1, len(years))
    bar = min(72.0, slot * 0.6)
    for index, year in enumerate(years):
        x, bottom = left + slot * index + (slot - bar) / 2, 0
        for k_index, key in enumerate(keys):
            value = series[year].get(key, 0)
            if value:
                h = plot_h * value / axis_max
                y = base - plot_h * (bottom + value) / axis_max
                body.append(f'<path d="M{x:.1f} {y:.1f}h{bar:.1f}v{h:.1f}h{-bar:.1f}z" '
                            f'fill="{colours[k_index]}"><title>{_e(year)}, {_e(key)}: {value}'
                            f'</title></path>')
                bottom += value
        body.append(f'<text x="{x + bar / 2:.1f}" y="{base + 16}" text-anchor="middle" font-size="11">{_e(year)}'
                    '</text>')
    body.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="{AXIS}"/>')
    x, y = left, base + 38
    for k_index, key in enumerate(keys):  # the legend, wrapped to the width
        width = 18 + math.ceil(text_width(key, 11)) + 16
        if x + width > WIDTH and x > left:
            x, y = left, y + 18
        body.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colours[k_index]}"/>'
                    f'<text x="{x + 18}" y="{y}" font-size="11">{_e(key)}</text>')
        x += width
    return _root(WIDTH, y + 12, title, body)


def horizontal_bars(labels: list[str], values: list[int], title: str) -> str:
    """One horizontal bar per label, in the order given (largest first), its value at its end; SVG."""
    body, top = _title(title)
    ticks, axis_max = _ticks(max(values, default=0))
    label_w = min(260, 16 + math.ceil(max((text_width(str(label), 12) for label in labels), default=24)))
    value_w = 12 + int(CHAR * 11 * len(str(max(values, default=0))))
    plot_w, row = WIDTH - label_w - value_w - 8, 22
    plot_h = row * len(labels)
    left, base = label_w, top + plot_h
    for tick in ticks:
        x = left + plot_w * tick / axis_max
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{base}" stroke="{GRID}"/>'
                    f'<text x="{x:.1f}" y="{base + 15}" text-anchor="middle" font-size="11">{tick}</text>')
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + row * index
        w = plot_w * value / axis_max
        body.append(f'<text x="{left - 8}" y="{y + row / 2 + 4:.1f}" text-anchor="end">{_e(label)}</text>')
        if value:
            body.append(f'<path d="M{left} {y + 4}h{w:.1f}v{row - 8}h{-w:.1f}z" fill="{PALETTE[0]}">'
                        f'<title>{_e(label)}: {value}</title></path>')
        body.append(f'<text x="{left + w + 4:.1f}" y="{y + row / 2 + 4:.1f}" font-size="11">{value}</text>')
    body.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="{AXIS}"/>')
    return _root(WIDTH, base + 24, title, body)
