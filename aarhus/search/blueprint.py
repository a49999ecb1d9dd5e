"""Every URL of search: the search page and ``GET /api/v1/search``."""

from __future__ import annotations

from flask import Blueprint

from aarhus.api.errors import api_blueprint
from aarhus.api.openapi import describe
from aarhus.search import views

# Pages
bp = Blueprint("search", __name__)
bp.add_url_rule("/search", "page", views.page)

# API
api_bp = api_blueprint("search_api", __name__)
api_bp.add_url_rule("/search", "api_search", views.api_search)

describe("/search", "get", {
    "summary": "Search public hearings, protocols, requests and answers (Kazakh and Russian)",
    "parameters": [
        {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}}],
    "responses": {"200": {"description": "The best of the newest 1000 matches, best first", "content": {"application/json": {"schema": {
        "type": "object", "required": ["query", "total", "more", "results"], "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "description": "How many records match, counted up to 1000"},
            "more": {"type": "boolean", "description": "Whether more than 1000 records match"},
            "results": {"type": "array", "items": {"type": "object", "required": ["kind", "title", "url", "snippet"],
                                                   "properties": {
                "kind": {"type": "string", "enum": ["hearing", "protocol", "request"]},
                "title": {"type": "string"}, "number": {"type": "string", "nullable": True},
                "url": {"type": "string"}, "snippet": {"type": "string"}}}}}}}}}},
})
