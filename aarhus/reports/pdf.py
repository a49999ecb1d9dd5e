"""Render the reports' data to PDF; each generation is stamped, fingerprinted and logged (the caller commits)."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import render_template
from flask_babel import force_locale

from aarhus.audit.labels import family_colours, family_title
from aarhus.audit.stats import trend_by_family
from aarhus.core import charts
from aarhus.core.dates import official_datetime
from aarhus.core.pdf import render_pdf
from aarhus.core.time import legal_zone, utcnow
from aarhus.hearings.labels import STANCES
from aarhus.ledger import chain as ledger
from aarhus.reports import builders
from aarhus.requests.labels import GROUND_TITLES


def _stamp(lang: str) -> str:
    """When the PDF was made, in the official style of its language (the zone is the legal one, unnamed)."""
    return official_datetime(utcnow(), legal_zone(), lang)


def render_nir(year: int, lang: str) -> tuple[bytes, dict[str, Any]]:
    """The National Implementation Report of ``year`` in ``lang``, and the data it was built from (reads only)."""
    data = builders.nir_data(year, lang)
    trend = trend_by_family()
    with force_locale(lang):
        # The legend names each rule family in the report's language (not its code).
        keyed = {year: {family_title(f): n for f, n in counts.items()} for year, counts in trend.items()}
        codes = sorted({f for c in trend.values() for f in c})
        svg = charts.stacked_bars(keyed, [family_title(f) for f in codes], "", colours=family_colours(codes)) \
            if trend else ""
        html = render_template("reports/nir_pdf.html", d=data, generated_at=_stamp(lang), chart=svg,
                               ground_titles=GROUND_TITLES, stance_titles=STANCES)
        return render_pdf(html), data


def render_plan(concept: str, year: int, lang: str) -> tuple[bytes, dict[str, Any]]:
    """The progress report of a concept's action plan for ``year`` in ``lang`` (reads only)."""
    data = builders.plan_data(concept, year, lang)
    with force_locale(lang):
        html = render_template("reports/plan_pdf.html", d=data, generated_at=_stamp(lang))
        return render_pdf(html), data


def log_generation(pdf: bytes, data: dict[str, Any], actor: Any) -> None:
    """Write the generation of a report to the event log: which data, which file (flushed)."""
    kind = f"action-plan:{data['concept']}" if "concept" in data else "nir"
    ledger.append("report.generated", "report", f"{kind}:{data['year']}:{data['lang']}",
                  {"data_sha256": data["sha256"], "pdf_sha256": hashlib.sha256(pdf).hexdigest()}, actor)


def nir_pdf(year: int, lang: str, actor: Any = None) -> tuple[bytes, dict[str, Any]]:
    """Render the NIR and log its generation."""
    pdf, data = render_nir(year, lang)
    log_generation(pdf, data, actor)
    return pdf, data


def plan_pdf(concept: str, year: int, lang: str, actor: Any = None) -> tuple[bytes, dict[str, Any]]:
    """Render an action-plan progress report and log its generation."""
    pdf, data = render_plan(concept, year, lang)
    log_generation(pdf, data, actor)
    return pdf, data
