"""Home page, health check and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from aarhus.core.cache import cached_page
from aarhus.core.guard import public
from aarhus.core.i18n import COOKIE, LOCALES

bp = Blueprint("main", __name__)


@bp.get("/")
@public
@cached_page
def home() -> str:
    """Say what the site is and lead to hearings, requests and the calculator."""
    return render_template("main/home.html")


@bp.get("/healthz")
@public
def healthz() -> Response:
    """Liveness probe that never touches the database (the load-test baseline)."""
    return Response("ok", mimetype="text/plain")


@bp.get("/lang/<code>")
@public
def set_language(code: str) -> Response:
    """Remember the chosen language for a year and go back where the user was."""
    target = request.args.get("next") or url_for("main.home")
    if urlsplit(target).netloc or not target.startswith("/"):
        target = url_for("main.home")  # only local redirects
    response = redirect(target)
    if code in LOCALES:
        response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response
