"""Render HTML to PDF with WeasyPrint; nothing is fetched from files or the network."""

from __future__ import annotations

from typing import Any


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Refuse every external resource: templates inline their CSS, fonts come from fontconfig."""
    raise ValueError(f"external resources are not allowed in PDFs: {url[:80]}")


def render_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document."""
    from weasyprint import HTML

    return HTML(string=html, base_url="about:blank", url_fetcher=refuse_fetch).write_pdf()
