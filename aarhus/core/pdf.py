"""Render HTML to PDF with WeasyPrint (nothing is fetched from files or the network) and sign it."""

from __future__ import annotations

import asyncio
import gc
import io
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from aarhus.core import keys

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
    """The PDF of a self-contained HTML document, signed by the installation."""
    from weasyprint import HTML

    with cyclic_gc_paused():
        pdf = HTML(string=html, base_url="about:blank", url_fetcher=refuse_fetch).write_pdf()
    return sign_pdf(pdf)


@lru_cache(maxsize=4)
def _signer(path: str, password: str, _mtime_ns: int) -> Any:
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(path, password.encode() or None)
    if signer is None:  # pyHanko logs why and answers None
        raise RuntimeError(f"the PDF certificate {path} cannot be opened")
    return signer


def sign_pdf(pdf: bytes) -> bytes:
    """Sign with the installation's certificate: PAdES B-B (ETSI EN 319 142-1), in the document's locale."""
    # An incremental update: the pages stay as rendered, the signed ranges cover all but the signature itself,
    # any byte changed afterwards breaks it. Readers show the reason, so it is translated.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    settings = current_app.config["AARHUS"]
    path = keys.pdf_certificate_file(settings)
    signer = _signer(str(path), settings.pdf_cert_password, path.stat().st_mtime_ns)
    meta = signers.PdfSignatureMetadata(
        field_name="AarhusSignature", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=_("Published by the Aarhus Kazakhstan system; any change to this file breaks the signature"),
        location=settings.base_url)
    def sign() -> bytes:
        return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer).getvalue()

    # pyHanko's synchronous API runs its own event loop; where one is already running in this thread (an async
    # host, or a browser driver in the tests), sign in a thread of its own.
    if _loop_running():
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(sign).result()
    return sign()


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
