"""The administrator's list of certification authorities trusted for electronic digital signatures (ЭЦП)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from aarhus.accounts.forms import TrustedCAForm
from aarhus.core import confirm, esig
from aarhus.core.dates import official_date
from aarhus.core.extensions import db
from aarhus.core.guard import roles_required
from aarhus.core.roles import Role
from aarhus.core.time import utcnow
from aarhus.ledger import chain as ledger

MAX_CERTIFICATE_BYTES = 64 * 1024


@roles_required(Role.admin)
def index() -> Any:
    """List the trusted authorities and add one from an uploaded certificate."""
    form = TrustedCAForm()
    if form.validate_on_submit():
        try:
            row = esig.trust_ca(form.certificate.data.stream.read(MAX_CERTIFICATE_BYTES), current_user)
        except esig.EsigError as error:
            form.certificate.errors = [*form.certificate.errors, error.message]
        else:
            ledger.append("trust.ca_added", "trusted_ca", row.id,
                          {"subject": row.subject, "serial": row.serial, "sha256": row.sha256}, current_user)
            db.session.commit()
            flash(_("The certification authority is trusted now."), "success")
            return redirect(url_for("accounts.trust"))
    rows = list(db.session.scalars(select(esig.TrustedCA).order_by(esig.TrustedCA.id)))
    status = 422 if form.errors else 200
    return render_template("accounts/trust.html", form=form, rows=rows, now=utcnow()), status


@roles_required(Role.admin)
def remove(ca_id: int) -> Any:
    """Stop trusting an authority, after a confirmation page; signatures verified before stay as they were recorded."""
    row = db.session.get(esig.TrustedCA, ca_id) or abort(404)
    back = url_for("accounts.trust")
    if not confirm.confirmed():
        return confirm.confirmation(
            _("Stop trusting the certification authority"),
            [(_("Certification authority"), row.subject), (_("Serial number"), row.serial),
             (_("Validity"), f"{official_date(row.not_before)} – {official_date(row.not_after)}"),
             ("SHA-256", row.sha256)],
            [], back, button=_("Remove the authority"),
            note=_("Electronic digital signatures by certificates this authority issued are refused from now on; "
                   "signatures accepted before stay recorded. The removal is written to the log."))
    ledger.append("trust.ca_removed", "trusted_ca", row.id, {"subject": row.subject, "serial": row.serial,
                                                             "sha256": row.sha256}, current_user)
    db.session.delete(row)
    db.session.commit()
    flash(_("The certification authority is no longer trusted."), "success")
    return redirect(back)
