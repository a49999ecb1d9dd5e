"""Reports built in a background thread, so the browser polls a page instead of waiting on one request.

The row in ``report_builds`` is the state every worker sees; a build whose thread died with its
worker is reported as failed once it is older than ``STALE``.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from flask import Flask, current_app

from aarhus.core.extensions import db
from aarhus.core.time import utcnow
from aarhus.reports.models import ReportBuild

STALE = timedelta(minutes=10)


def start(kind: str, year: int, lang: str, concept: str | None, actor: Any) -> ReportBuild:
    """Record the build and start it; the caller redirects to its page."""
    build = ReportBuild(kind=kind, year=year, lang=lang, concept=concept, requested_by_id=actor.id)
    db.session.add(build)
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    threading.Thread(target=_run, args=(app, build.id), name=f"report-build-{build.id}", daemon=True).start()
    return build


def state(build: ReportBuild) -> str:
    """running, done or failed; a running build past ``STALE`` has lost its thread."""
    if build.status == "running" and utcnow() - build.started_at > STALE:
        return "failed"
    return build.status


def _run(app: Flask, build_id: int) -> None:
    from aarhus.accounts.models import User
    from aarhus.reports.builders import ReportCheckError
    from aarhus.reports.pdf import nir_pdf, plan_pdf

    with app.app_context(), app.test_request_context():
        build = db.session.get(ReportBuild, build_id)
        actor = db.session.get(User, build.requested_by_id) if build.requested_by_id else None
        try:
            if build.kind == "nir":
                pdf, data = nir_pdf(build.year, build.lang, actor)
            else:
                pdf, data = plan_pdf(build.concept, build.year, build.lang, actor)
            build.pdf, build.sha256, build.status = pdf, data["sha256"], "done"
        except ReportCheckError as error:
            db.session.rollback()
            build.status, build.error = "failed", "; ".join(error.problems)
        except Exception as error:  # the page must say the build failed rather than poll forever
            db.session.rollback()
            current_app.logger.exception("report build %s failed", build_id)
            build.status, build.error = "failed", type(error).__name__
        build.finished_at = utcnow()
        db.session.commit()
        db.session.remove()
