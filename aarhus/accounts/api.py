"""``GET /api/v1/me``: who a token belongs to (lets integrations check their token)."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from aarhus.api.errors import bearer_user
from aarhus.api.openapi import describe


def me() -> Any:
    """The token holder's e-mail, role and body."""
    user = bearer_user()
    body = user.body
    return jsonify({"email": user.email, "name": user.name, "role": user.role.value,
                    "body": {"id": body.id, "name": body.name()} if body else None,
                    "region": body.region.code if body and body.region else None})


describe("/me", "get", {
    "summary": "The user a bearer token belongs to",
    "security": [{"bearer": []}],
    "responses": {"200": {"description": "The token's user"}},
})
