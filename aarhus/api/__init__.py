"""The JSON API at ``/api/v1``: bearer tokens, the contract's error format, OpenAPI."""

from flask import Blueprint

from aarhus.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # authenticated by bearer tokens, never by cookies

from aarhus.accounts import api as accounts_api  # noqa: E402,F401
from aarhus.api import openapi  # noqa: E402,F401  (routes register on bp)
from aarhus.audit import api as audit_api  # noqa: E402,F401
from aarhus.hearings import api as hearings_api  # noqa: E402,F401
from aarhus.legal import api as legal_api  # noqa: E402,F401
from aarhus.requests import api as requests_api  # noqa: E402,F401
