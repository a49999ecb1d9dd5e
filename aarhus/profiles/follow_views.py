"""``/follow/…``: follow one hearing or one request by e-mail, confirm it, leave it in one click."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Email

from aarhus.core.errors import OperationError
from aarhus.core.extensions import db, limiter
from aarhus.core.guard import public
from aarhus.core.i18n_fields import current_language
from aarhus.notify.mail import deliver_pending
from aarhus.profiles import follows


class FollowForm(FlaskForm):
    """The visitor's e-mail address."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])


def _page_link(subject_type: str, record: Any) -> str:
    if subject_type == "hearing":
        return url_for("hearings.detail", hearing_id=record.id)
    return url_for("requests.entry", number=record.registration_number)


@public
@limiter.limit("10 per minute;100 per day", methods=["POST"])
def follow(subject_type: str, subject_id: int) -> Any:
    """Ask for an e-mail on each change of one public hearing or request (confirmed by a link)."""
    record = follows.record_of(subject_type, subject_id)
    if record is None:
        abort(404)
    lang = current_language()
    form = FollowForm()
    if form.validate_on_submit():
        try:
            found = follows.follow(subject_type, subject_id, form.email.data,
                                   lang if lang in ("kk", "ru", "en") else "kk")
        except OperationError as error:
            form.email.errors = [error.message]
        else:
            db.session.commit()
            deliver_pending()
            if found.confirmed_at is not None:  # already following: nothing to confirm again
                return render_template("profiles/follow_done.html", confirmed=True, found=found,
                                       title=follows.title_of(record, lang), back=_page_link(subject_type, record))
            return render_template("profiles/follow_sent.html", email=form.email.data,
                                   title=follows.title_of(record, lang), back=_page_link(subject_type, record))
    return render_template("profiles/follow.html", form=form, title=follows.title_of(record, lang),
                           subject_type=subject_type, back=_page_link(subject_type, record)), \
        422 if form.errors else 200


@public
def confirm(token: str) -> str:
    """Confirm from the e-mail's link."""
    found = follows.confirm(token)
    if found is None:
        abort(404)
    record = follows.record_of(found.subject_type, found.subject_id)
    db.session.commit()
    return render_template("profiles/follow_done.html", confirmed=True, found=found,
                           title=follows.title_of(record, current_language()) if record else "",
                           back=_page_link(found.subject_type, record) if record else None)


@public
def unfollow(token: str) -> str:
    """One-click unsubscribe (GET from the mail's link, POST from mail clients)."""
    removed = follows.unfollow(token)
    record = follows.record_of(removed.subject_type, removed.subject_id) if removed else None
    db.session.commit()
    return render_template("profiles/follow_done.html", confirmed=False, removed=removed is not None,
                           title=follows.title_of(record, current_language()) if record else "",
                           back=_page_link(removed.subject_type, record) if record else None)
