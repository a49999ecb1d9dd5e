"""``GET /api/v1/audit/summary``: public, since the national report publishes these figures."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _

from aarhus.api.errors import ApiError
from aarhus.api.openapi import describe
from aarhus.audit import stats
from aarhus.bodies.operations import region_by_code
from aarhus.core.guard import public


@public
def summary() -> Any:
    """Notices, protocols, notice and protocol violations, and findings by rule for a year (and region)."""
    raw = request.args.get("year", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None
    if year is None or not 2000 <= year <= 2040:
        raise ApiError(400, "bad_year", _("Give the year as ?year=YYYY (2000 to 2040)."), fields=["year"])
    region = request.args.get("region") or None
    if region and region_by_code(region) is None:
        raise ApiError(400, "unknown_region", _("Unknown region: %(region)s.", region=region), fields=["region"])
    return jsonify(stats.summary(year, region))


describe("/audit/summary", "get", {
    "summary": "The monitoring figures of a year, optionally for one region",
    "parameters": [{"name": "year", "in": "query", "required": True,
                    "schema": {"type": "integer", "minimum": 2000, "maximum": 2040}},
                   {"name": "region", "in": "query", "schema": {"type": "string", "example": "KZ-75"}}],
    "responses": {"200": {"description": "The figures", "content": {"application/json": {"schema": {
        "type": "object", "required": ["year", "notices", "protocols", "notice_violations", "protocol_violations",
                                       "findings_by_rule"],
        "properties": {"year": {"type": "integer"}, "notices": {"type": "integer"}, "protocols": {"type": "integer"},
                       "notice_violations": {"type": "integer"}, "protocol_violations": {"type": "integer"},
                       "findings_by_rule": {"type": "object", "additionalProperties": {"type": "integer"}}}}}}}},
})
