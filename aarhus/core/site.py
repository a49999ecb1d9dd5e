"""Home page, health check and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from aarhus.core.cache import cached_page
from aarhus.core.guard import public
from aarhus.core.i18n import COOKIE, LOCALES
from aarhus.core.time import legal_today

bp = Blueprint("main", __name__)


# create_app registers what the home page lists (the domains sit above core): ``context(region_code, today)``.
HOME_CONTEXT = "aarhus.home_context"
REGION_COOKIE = "region"


@bp.get("/")
@public
def home() -> Response | str:
    """What a visitor can take part in now, in the region they chose last time (remembered in a cookie)."""
    remembered = request.cookies.get(REGION_COOKIE, "")
    if "region" not in request.args and remembered.startswith("KZ-") and len(remembered) <= 8:
        return redirect(url_for("main.home", region=remembered))  # the region is in the URL, so pages cache
    return _home()


@cached_page(params=("region",))  # one page per region: the key must hold the region the visitor chose
def _home() -> str:
    region = (request.args.get("region") or "")[:8]
    provide = current_app.extensions.get(HOME_CONTEXT)
    extra = provide(region, legal_today()) if provide else {}
    return render_template("main/home.html", **extra)


@bp.get("/home/region")
@public
def choose_region() -> Response:
    """Remember the visitor's region for the home page (or forget it: all regions) and show it."""
    region = (request.args.get("region") or "")[:8]
    response = redirect(url_for("main.home", region=region))
    if region.startswith("KZ-"):
        response.set_cookie(REGION_COOKIE, region, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    else:
        response.delete_cookie(REGION_COOKIE)
    return response


@bp.get("/privacy")
@public
@cached_page
def privacy() -> str:
    """What personal data the site keeps, why, for how long, who sees it, and the visitor's rights."""
    return render_template("main/privacy.html", contact=_contact())


@bp.get("/accessibility")
@public
@cached_page
def accessibility() -> str:
    """The accessibility statement: the standard aimed at, how it is checked, known gaps, whom to tell."""
    return render_template("main/accessibility.html", contact=_contact())


@bp.get("/contact")
@public
@cached_page
def contact() -> str:
    """Whom to write to about the site, and where questions about a hearing or a request belong."""
    return render_template("main/contact.html", contact=_contact())


def _contact() -> str:
    settings = current_app.config["AARHUS"]
    return settings.contact_email or settings.mail_from


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
