"""Words for the kinds of public body, in the page's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KINDS = {"akimat": _l("Akimat"), "ministry": _l("Ministry"), "centre": _l("Subordinate organisation"),
         "other": _l("Other public body")}
