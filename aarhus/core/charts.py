"""Server-rendered SVG charts (matplotlib), for pages and PDF reports alike."""

from __future__ import annotations

import io
import os
import tempfile

os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "aarhus-matplotlib"))

PALETTE = ["#00587a", "#e07a10", "#3a8d3f", "#b3261e", "#7b4fa0", "#6b7b8c", "#c2a100", "#1f9bb0"]


def _svg(figure) -> str:
    from matplotlib import pyplot

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    pyplot.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]  # inline: without the XML prologue


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    pyplot.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "aarhus",
                            "axes.spines.top": False, "axes.spines.right": False})
    return pyplot.subplots(figsize=(width, height))


def stacked_bars(series: dict[int, dict[str, int]], keys: list[str], title: str) -> str:
    """Stacked bars per year (x) and key (e.g. rule family); an SVG string."""
    figure, axes = _figure(6.4, 3.0)
    years = list(series)
    bottom = [0] * len(years)
    for index, key in enumerate(keys):
        values = [series[y].get(key, 0) for y in years]
        axes.bar([str(y) for y in years], values, bottom=bottom, label=key, color=PALETTE[index % len(PALETTE)])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_title(title)
    axes.legend(ncol=min(len(keys), 8), fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(0, -0.12))
    return _svg(figure)


def horizontal_bars(labels: list[str], values: list[int], title: str) -> str:
    """One horizontal bar per label, largest first; an SVG string."""
    figure, axes = _figure(6.4, max(1.6, 0.28 * len(labels) + 0.8))
    axes.barh(labels[::-1], values[::-1], color=PALETTE[0])
    for y, value in enumerate(values[::-1]):
        axes.text(value, y, f" {value}", va="center", fontsize=7)
    axes.set_title(title)
    return _svg(figure)
