"""The OpenAPI 3 document; each API module adds its paths with ``describe``."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from aarhus.api.errors import api_blueprint
from aarhus.core.guard import public

PATHS: dict[str, dict[str, Any]] = {}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"],
                             "properties": {"code": {"type": "string"},
                                            "message": {"type": "string"}}}},
}


def describe(path: str, method: str, operation: dict[str, Any]) -> None:
    """Add one operation (OpenAPI path syntax, e.g. ``/calendar/{year}``) to the document."""
    operation.setdefault("responses", {})
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    operation["responses"].setdefault("4XX", {"description": "Error", "content": error})
    PATHS.setdefault(path, {})[method.lower()] = operation


def document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Aarhus Kazakhstan API", "version": "1",
                 "description": "Public hearings, environmental-information requests, "
                                "statutory deadlines and compliance figures."},
        "servers": [{"url": "/api/v1"}],
        "paths": PATHS,
        "components": {
            "schemas": {"Error": ERROR_SCHEMA},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


@public
def openapi_json() -> Any:
    """Serve the OpenAPI document."""
    return jsonify(document())


describe("/openapi.json", "get", {"summary": "This document",
                                  "responses": {"200": {"description": "OpenAPI 3 document"}}})


# The API package's own endpoint; each domain routes its endpoints in its ``blueprint.py``.
bp = api_blueprint("api", __name__)
bp.add_url_rule("/openapi.json", "openapi_json", openapi_json)
