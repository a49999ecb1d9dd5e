"""Every URL of accounts: sign-in, registration, API tokens, and the API's ``/me``."""

from __future__ import annotations

from flask import Blueprint

from aarhus.accounts import admin, api, trust, views
from aarhus.api.errors import api_blueprint

# Pages
bp = Blueprint("accounts", __name__)
bp.add_url_rule("/login", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", views.logout, methods=["POST"])
bp.add_url_rule("/register", "register", views.register, methods=["GET", "POST"])
bp.add_url_rule("/account/password", "password", views.password, methods=["GET", "POST"])
bp.add_url_rule("/account/tokens", "tokens", views.tokens, methods=["GET", "POST"])
bp.add_url_rule("/account/tokens/<int:token_id>/revoke", "revoke", views.revoke, methods=["POST"])
bp.add_url_rule("/account/forgot", "forgot", views.forgot, methods=["GET", "POST"])
bp.add_url_rule("/account/reset/<token>", "reset", views.reset, methods=["GET", "POST"])
bp.add_url_rule("/account/invitation/<token>", "accept_invitation", views.accept_invitation, methods=["GET", "POST"])
bp.add_url_rule("/account/confirm/<token>", "confirm_email", views.confirm_email)
bp.add_url_rule("/account/confirm", "resend_confirmation", views.resend_confirmation, methods=["POST"])
bp.add_url_rule("/admin/users", "users", admin.users)
bp.add_url_rule("/admin/users/invite", "invite", admin.invite, methods=["GET", "POST"])
bp.add_url_rule("/admin/users/<int:user_id>", "user", admin.user, methods=["GET", "POST"])
bp.add_url_rule("/admin/users/<int:user_id>/disable", "disable", admin.disable, methods=["POST"])
bp.add_url_rule("/admin/users/<int:user_id>/enable", "enable", admin.enable, methods=["POST"])
bp.add_url_rule("/admin/trust", "trust", trust.index, methods=["GET", "POST"])
bp.add_url_rule("/admin/trust/<int:ca_id>/remove", "remove_ca", trust.remove, methods=["POST"])

# API (/api/v1)
api_bp = api_blueprint("accounts_api", __name__)
api_bp.add_url_rule("/me", "me", api.me)
