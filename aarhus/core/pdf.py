"""Render HTML to PDF with WeasyPrint (nothing is fetched from files or the network) and sign it."""

from __future__ import annotations

import asyncio
import gc
import io
import multiprocessing
import os
import threading
import traceback
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
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


PART_TIMEOUT = 600  # seconds a part may take to lay out or draw before the build is abandoned


def cores() -> int:
    """How many processors this process may run on (a container or taskset may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def render_pdf_parts(parts: list[str]) -> bytes:
    """One signed PDF of several self-contained HTML documents laid out side by side, each in a process of its own.

    A long document is split by its author into parts that each start on a new page (same styles, same page
    rules). Each part is laid out in a forked process; once every part knows how many pages it has, each is told
    where it starts and how many pages there are in all, so ``counter(page)`` and ``counter(pages)`` in page
    margins number the whole document (``Page 31 / 43``), not the part. The parts' PDFs are merged in order (each
    embeds its own subset of the fonts), the bookmarks of all parts become one outline by heading level, the title
    and language are the first part's, and the whole is signed once. A part that fails makes the build fail.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Fit, NameObject

    if len(parts) == 1:
        return render_pdf(parts[0])
    context = multiprocessing.get_context("fork")  # the child starts with WeasyPrint imported and fonts known
    workers = []
    try:
        for html in parts:
            ours, theirs = context.Pipe()
            process = context.Process(target=_lay_out_part, args=(html, theirs), daemon=True)
            process.start()
            theirs.close()  # so that a part that dies is seen as the end of its pipe
            workers.append((process, ours))
        counts = [_receive(ours, "pages")[0] for _process, ours in workers]
        first = 0
        for (_process, ours), count in zip(workers, counts, strict=True):
            ours.send((first, sum(counts)))
            first += count
        results = [_receive(ours, "pdf") for _process, ours in workers]
    finally:
        for process, ours in workers:
            ours.close()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
    writer, first = PdfWriter(), 0
    opened = [PdfReader(io.BytesIO(pdf)) for pdf, _marks in results]
    for reader in opened:
        writer.append(reader, import_outline=False)
    writer.add_metadata(dict(opened[0].metadata or {}))
    if "/Lang" in opened[0].root_object:
        writer.root_object[NameObject("/Lang")] = opened[0].root_object["/Lang"]
    parents: list[tuple[int, Any]] = []  # the open outline items, by heading level
    for reader, (_pdf, marks) in zip(opened, results, strict=True):
        for page, level, label, x, y in marks:
            while parents and parents[-1][0] >= level:
                parents.pop()
            height = float(reader.pages[page].mediabox.height)
            item = writer.add_outline_item(title=label, page_number=first + page,
                                           parent=parents[-1][1] if parents else None,
                                           fit=Fit.xyz(left=x * 0.75, top=height - y * 0.75))  # CSS px to pt
            parents.append((level, item))
        first += len(reader.pages)
    merged = io.BytesIO()
    writer.write(merged)
    return sign_pdf(merged.getvalue())


def _receive(pipe: Any, what: str) -> Any:
    """What a part sends next (its page count, then its PDF), or the part's failure as an error here."""
    if not pipe.poll(PART_TIMEOUT):
        raise RuntimeError(f"a part of the PDF sent no {what} within {PART_TIMEOUT} s")
    try:
        kind, *value = pipe.recv()
    except EOFError:
        raise RuntimeError(f"a part of the PDF ended without sending its {what}") from None
    if kind == "error":
        raise RuntimeError(f"a part of the PDF failed:\n{value[0]}")
    return value


def _lay_out_part(html: str, pipe: Any) -> None:
    """In the part's own process: lay out, say how many pages, learn where they go, draw, send the PDF."""
    try:
        from weasyprint import HTML, layout

        gc.disable()  # the process ends right after: nothing to collect (see cyclic_gc_paused)
        margin_boxes, place = layout.make_margin_boxes, {}

        def numbered_margin_boxes(context: Any, page: Any, state: Any) -> Any:
            # WeasyPrint makes the margin boxes once every page of the part is laid out: the first call is when
            # this part's page count is known and the whole document's numbering can be asked for.
            counters = state[1]
            if not place:
                pipe.send(("pages", counters["pages"][-1]))
                place["first"], place["total"] = pipe.recv()
            counters = {**counters, "page": [counters["page"][-1] + place["first"]], "pages": [place["total"]]}
            return margin_boxes(context, page, (state[0], counters, *state[2:]))

        layout.make_margin_boxes = numbered_margin_boxes  # only in this forked process
        document = HTML(string=html, base_url="about:blank", url_fetcher=refuse_fetch).render()
        marks = [(number, level, label, x, y) for number, page in enumerate(document.pages)
                 for level, label, (x, y), _state in page.bookmarks]
        pipe.send(("pdf", document.write_pdf(), marks))
    except BaseException:  # noqa: BLE001 - the parent raises it
        with suppress(OSError):  # the parent stopped waiting (another part failed)
            pipe.send(("error", traceback.format_exc()))
    finally:
        pipe.close()


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
