"""Every URL of profiles: the public pages of the bodies."""

from __future__ import annotations

from flask import Blueprint

from aarhus.profiles import follow_views, views

# Pages
bp = Blueprint("profiles", __name__)
bp.add_url_rule("/bodies", "index", views.index)
bp.add_url_rule("/bodies/<int:body_id>", "body", views.body)
bp.add_url_rule("/follow/<any(hearing, request):subject_type>/<int:subject_id>", "follow", follow_views.follow,
                methods=["GET", "POST"])
bp.add_url_rule("/follow/confirm/<token>", "confirm_follow", follow_views.confirm)
bp.add_url_rule("/follow/unsubscribe/<token>", "unfollow", follow_views.unfollow, methods=["GET", "POST"])
