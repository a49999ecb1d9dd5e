"""The administrator's console of accounts: list and filter users, invite, change role and body, disable, enable."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from werkzeug.wrappers import Response

from aarhus.accounts import operations
from aarhus.accounts.forms import InviteForm, RoleForm
from aarhus.accounts.models import User
from aarhus.bodies.forms import holder_options, region_options
from aarhus.bodies.models import Body, Region
from aarhus.core import confirm
from aarhus.core.extensions import db
from aarhus.core.forms import options
from aarhus.core.guard import roles_required
from aarhus.core.roles import ROLE_TITLES, Role
from aarhus.ledger.labels import event_title
from aarhus.ledger.models import LogEntry
from aarhus.notify.mail import deliver_pending

PAGE_SIZE = 50
MAX_PAGE = 100_000


def _role_options() -> list:
    return options([(role.value, str(ROLE_TITLES[role])) for role in Role])


def refusal(code: str) -> str:
    """The translated reason an account change was refused."""
    return {
        "self": _("You cannot do this to your own account."),
        "last_admin": _("This is the last enabled administrator: the system would be left without one."),
        "officer_needs_body": _("An akimat officer must belong to a body: choose one."),
        "email_taken": _("An account with this e-mail already exists."),
    }.get(code, _("The change was refused."))


def _body_from(form: RoleForm | InviteForm, role: Role) -> Body | None:
    if role != Role.akimat_officer:
        return None
    body = db.session.get(Body, int(form.body.data)) if (form.body.data or "").isdigit() else None
    if body is None:
        form.body.errors = [*form.body.errors, refusal("officer_needs_body")]
    return body


@roles_required(Role.admin)
def users() -> str:
    """Every account, filtered by role, body, region and state, 50 to a page."""
    args = {k: request.args.get(k, "").strip() for k in ("role", "body", "region", "state", "q")}
    query = select(User)
    if args["role"] in {r.value for r in Role}:
        query = query.where(User.role == Role(args["role"]))
    if args["body"].isdigit() and len(args["body"]) < 10:
        query = query.where(User.body_id == int(args["body"]))
    if args["region"]:
        query = query.where(User.body_id.in_(select(Body.id).join(Region, Body.region_id == Region.id)
                                             .where(Region.code == args["region"])))
    if args["state"] in ("active", "disabled"):
        query = query.where(User.is_active_account.is_(args["state"] == "active"))
    if args["q"]:
        needle = f"%{args['q'].lower()[:100]}%"
        query = query.where(or_(func.lower(User.email).like(needle), func.lower(User.name).like(needle)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    rows = list(db.session.scalars(query.order_by(User.email).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return render_template("accounts/users.html", rows=rows, total=total, page=page, pages=pages, filters=args,
                           args={k: v for k, v in args.items() if v}, roles=_role_options(),
                           bodies=holder_options(), regions=region_options(""), role_titles=ROLE_TITLES)


@roles_required(Role.admin)
def invite() -> Any:
    """Invite someone by e-mail: an account with the role (and body) given, and a link to set the password."""
    form = InviteForm()
    form.role.choices = _role_options()
    form.body.choices = holder_options()
    if form.validate_on_submit():
        role = Role(form.role.data)
        body = _body_from(form, role)
        if not form.body.errors:
            try:
                user = operations.invite_user(form.email.data, form.name.data.strip(), role, body, current_user,
                                              str(get_locale() or "kk"))
            except operations.AccountError as error:
                form.email.errors = [refusal(str(error))]
            else:
                db.session.commit()
                deliver_pending()
                flash(_("The invitation was sent to %(email)s. The link works for %(hours)s hours.",
                        email=user.email, hours=operations.INVITATION_HOURS), "success")
                return redirect(url_for("accounts.user", user_id=user.id))
    return render_template("accounts/invite.html", form=form), 422 if form.errors else 200


@roles_required(Role.admin)
def user(user_id: int) -> Any:
    """One account: its role and body (changed here), its state, and its log."""
    account = db.session.get(User, user_id) or abort(404)
    form = RoleForm(formdata=request.form if request.method == "POST" else None,
                    role=account.role.value, body=str(account.body_id or ""))
    form.role.choices = _role_options()
    form.body.choices = holder_options()
    if request.method == "POST" and form.validate():
        role = Role(form.role.data)
        body = _body_from(form, role)
        if not form.body.errors:
            try:
                changed = operations.change_role(account, role, body, current_user)
            except operations.AccountError as error:
                form.role.errors = [refusal(str(error))]
            else:
                db.session.commit()
                flash(_("The role and body were saved; the account's sessions ended, so it signs in again.")
                      if changed else _("Nothing changed."), "success")
                return redirect(url_for("accounts.user", user_id=account.id))
    log = list(db.session.scalars(select(LogEntry).where(LogEntry.subject_type == "user",
                                                         LogEntry.subject_id == str(account.id))
                                  .order_by(LogEntry.id.desc()).limit(50)))
    actors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_({e.actor_id for e in log})))}
    status = 422 if form.errors else 200
    return render_template("accounts/user.html", account=account, form=form, log=log, actors=actors,
                           role_titles=ROLE_TITLES, event_title=event_title), status


@roles_required(Role.admin)
def disable(user_id: int) -> Any:
    """Disable an account after a confirmation: its sessions end and its API tokens stop working."""
    account = db.session.get(User, user_id) or abort(404)
    back = url_for("accounts.user", user_id=account.id)
    if not account.is_active_account:
        flash(_("The account is disabled already."), "success")
        return redirect(back)
    if account.id == current_user.id or (account.role == Role.admin and operations.active_admins() <= 1):
        flash(refusal("self" if account.id == current_user.id else "last_admin"), "error")
        return redirect(back)
    if not confirm.confirmed():
        return confirm.confirmation(
            _("Disable the account"),
            [(_("Account"), f"{account.name} <{account.email}>"), (_("Role"), account.role.title)],
            [], back, button=_("Disable the account"),
            note=_("The account is signed out everywhere at once and its API tokens stop working. It can be "
                   "enabled again later; the change is written to the log."))
    try:
        operations.disable_user(account, current_user)
    except operations.AccountError as error:
        flash(refusal(str(error)), "error")
        return redirect(back)
    db.session.commit()
    flash(_("The account was disabled: its sessions and API tokens no longer work."), "success")
    return redirect(back)


@roles_required(Role.admin)
def enable(user_id: int) -> Response:
    """Enable a disabled account again; it signs in anew."""
    account = db.session.get(User, user_id) or abort(404)
    if operations.enable_user(account, current_user):
        db.session.commit()
        flash(_("The account was enabled again."), "success")
    return redirect(url_for("accounts.user", user_id=account.id))
