"""Render HTML to PDF with WeasyPrint; nothing is fetched from files or the network."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_pause_lock = threading.Lock()
_pause = {"builds": 0, "was_enabled": True}


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Refuse every external resource: templates inline their CSS, fonts come from fontconfig."""
    raise ValueError(f"external resources are not allowed in PDFs: {url[:80]}")


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while a document is laid out.

    WeasyPrint builds hundreds of thousands of boxes that stay alive until the PDF is written;
    each generation-2 pass walks all of them, so a protocol with 500 comments spent a third of
    its time in the collector (bench/bench_pdf.py). Reference counting still frees memory as
    usual; cycles wait until the last concurrent build ends. Safe across threads: the collector
    is enabled again only when no build is running, and only if it was enabled before.
    """
    with _pause_lock:
        if _pause["builds"] == 0:
            _pause["was_enabled"] = gc.isenabled()
            gc.disable()
        _pause["builds"] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pause["builds"] -= 1
            if _pause["builds"] == 0 and _pause["was_enabled"]:
                gc.enable()


def render_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document."""
    from weasyprint import HTML

    with cyclic_gc_paused():
        return HTML(string=html, base_url="about:blank", url_fetcher=refuse_fetch).write_pdf()
