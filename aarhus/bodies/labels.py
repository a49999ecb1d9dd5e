"""Translated names of the kinds of public body."""

from flask_babel import lazy_gettext as _l

KIND_TITLES = {"akimat": _l("Akimat"), "ministry": _l("Ministry"), "centre": _l("Centre"), "other": _l("Other body")}
