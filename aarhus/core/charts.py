"""Server-rendered SVG charts (matplotlib), for pages and PDF reports alike.

The site's Content-Security-Policy has no ``'unsafe-inline'`` for styles, so a browser ignores ``style``
attributes and ``<style>`` elements of inline SVG (matplotlib's default: every shape then falls back to black
fill). The charts therefore carry their colours as presentation attributes (``fill="…"``, ``stroke="…"``), which
no policy blocks, and name themselves for screen readers (``role="img"``, ``aria-label``).
"""

from __future__ import annotations

import html
import io
import os
import re
import tempfile

os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "aarhus-matplotlib"))

PALETTE = ["#00587a", "#e07a10", "#3a8d3f", "#b3261e", "#7b4fa0", "#6b7b8c", "#c2a100", "#1f9bb0"]


_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)


def _declarations(match: re.Match) -> str:
    """``style="fill: #fff; stroke: none"`` → `` fill="#fff" stroke="none"``."""
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{html.escape(value.strip(), quote=True)}"' for name, value in pairs)


def presentational(svg: str, label: str = "") -> str:
    """SVG without style attributes or elements (their declarations become presentation attributes)."""
    svg = _METADATA.sub("", _STYLE_ELEMENT.sub("", svg))
    svg = _STYLE_ATTRIBUTE.sub(_declarations, svg)
    # matplotlib's <style> made joins round and caps butt for every shape: keep that on the root instead.
    root = f'<svg role="img" aria-label="{html.escape(label, quote=True)}" stroke-linejoin="round" ' \
        'stroke-linecap="butt" '
    return svg.replace("<svg ", root, 1)


def _svg(figure, label: str = "") -> str:
    from matplotlib import pyplot

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    pyplot.close(figure)
    svg = buffer.getvalue()
    return presentational(svg[svg.index("<svg"):], label)  # inline: without the XML prologue


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    pyplot.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "aarhus",
                            "axes.spines.top": False, "axes.spines.right": False})
    return pyplot.subplots(figsize=(width, height))


def _whole_numbers():
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)  # counts: no tick at 0.5


def stacked_bars(series: dict[int, dict[str, int]], keys: list[str], title: str) -> str:
    """Stacked bars per year (x) and key (e.g. rule family); an SVG string."""
    figure, axes = _figure(6.4, 3.0)
    years = list(series)
    bottom = [0] * len(years)
    for index, key in enumerate(keys):
        values = [series[y].get(key, 0) for y in years]
        axes.bar([str(y) for y in years], values, bottom=bottom, label=key, color=PALETTE[index % len(PALETTE)])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.yaxis.set_major_locator(_whole_numbers())
    axes.set_title(title)
    axes.legend(ncol=min(len(keys), 8), fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(0, -0.12))
    return _svg(figure, title)


def horizontal_bars(labels: list[str], values: list[int], title: str) -> str:
    """One horizontal bar per label, largest first; an SVG string."""
    figure, axes = _figure(6.4, max(1.6, 0.28 * len(labels) + 0.8))
    axes.barh(labels[::-1], values[::-1], color=PALETTE[0])
    for y, value in enumerate(values[::-1]):
        axes.text(value, y, f" {value}", va="center", fontsize=7)
    axes.xaxis.set_major_locator(_whole_numbers())
    axes.set_title(title)
    return _svg(figure, title)
