"""The roles of the system; every package checks permissions against them."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Role(enum.StrEnum):
    """What a user may do. An akimat officer belongs to one body."""

    citizen = "citizen"
    initiator = "initiator"
    akimat_officer = "akimat_officer"
    compliance_officer = "compliance_officer"
    admin = "admin"

    @property
    def title(self) -> str:
        """The translated name of the role."""
        return str(ROLE_TITLES[self])


ROLE_TITLES = {
    Role.citizen: _l("Citizen"),
    Role.initiator: _l("Initiator"),
    Role.akimat_officer: _l("Akimat officer"),
    Role.compliance_officer: _l("Compliance officer"),
    Role.admin: _l("Administrator"),
}
