"""Sign in, sign out, register, and manage personal API tokens."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from aarhus.accounts import operations
from aarhus.accounts.forms import (
    ForgotForm,
    LoginForm,
    NewPasswordForm,
    PasswordForm,
    RegisterForm,
    ResendForm,
    TokenForm,
)
from aarhus.accounts.models import User
from aarhus.core import confirm
from aarhus.core.dates import official_datetime
from aarhus.core.extensions import db, limiter
from aarhus.core.guard import public
from aarhus.core.roles import Role
from aarhus.core.time import legal_zone
from aarhus.notify.mail import deliver_pending


def _safe_next(default: str) -> str:
    target = request.args.get("next") or ""
    if not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return default
    return target


@public
@limiter.limit("10 per minute", methods=["POST"])
def login() -> str | Response:
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        if operations.is_locked_out(form.email.data):
            form.password.errors = [_("Too many failed attempts. Try again in 15 minutes.")]
            return render_template("accounts/login.html", form=form), 429
        user = operations.authenticate(form.email.data, form.password.data)
        unconfirmed = user is not None and user.email_confirmed_at is None
        operations.record_sign_in(form.email.data, None if unconfirmed else user, request.remote_addr or "")
        db.session.commit()
        if unconfirmed:  # the right password, but the address is not proven yet: say so and offer the link again
            resend = ResendForm(formdata=None, email=form.email.data)
            return render_template("accounts/login.html", form=form, unconfirmed=True, resend=resend), 403
        if user is not None:
            session.clear()  # a fresh session on sign-in
            login_user(user)
            flash(_("You are signed in."), "success")
            return redirect(_safe_next(url_for("main.home")))
        form.password.errors = [_("The e-mail or the password is wrong.")]
    return render_template("accounts/login.html", form=form)


@login_required
def logout() -> Response:
    """Sign out: the account's sessions end on the server too, so a copied cookie opens nothing."""
    operations.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "success")
    return redirect(url_for("main.home"))


@public
@limiter.limit("5 per minute", methods=["POST"])
def register() -> str | Response:
    """Open a citizen account with an e-mail and a password."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = operations.create_user(form.email.data, form.password.data, Role.citizen,
                                          name=form.name.data.strip(), confirmed=False, consented=True,
                                          locale=_lang())
        except operations.AccountError:
            form.email.errors = [_("An account with this e-mail already exists.")]
        else:
            operations.send_confirmation(user, _lang())
            db.session.commit()
            deliver_pending()
            return render_template("accounts/mail_sent.html", kind="confirm", email=user.email)
    return render_template("accounts/register.html", form=form)


def _lang() -> str:
    return str(get_locale() or "kk")


def _sign_in_fresh(user: User) -> None:
    session.clear()  # a fresh session, under the account's new session version
    login_user(user)


def _link_user(token: str, purpose: str) -> tuple[User | None, str | None]:
    """The user of a mailed link, or why the link no longer works (a translated sentence)."""
    try:
        return operations.user_for_link(token, purpose), None
    except operations.AccountError as error:
        if str(error) == "link_expired":
            return None, _("This link has expired.")
        return None, _("This link does not work: it was used already, or it is not complete.")


@public
@limiter.limit("10 per minute", methods=["POST"])
def accept_invitation(token: str) -> str | Response | tuple[str, int]:
    """An invited person sets their password and is signed in."""
    return _set_password_by_link(token, "invite", _("Your password is set and you are signed in."))


def _set_password_by_link(token: str, kind: str, done: str) -> str | Response | tuple[str, int]:
    """The page of a mailed invitation or reset link: a new password, then signed in here (and nowhere else)."""
    user, problem = _link_user(token, kind)
    if user is None:
        return render_template("accounts/link_problem.html", problem=problem, kind=kind), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        operations.set_password_from_link(user, form.password.data, kind)
        db.session.commit()
        _sign_in_fresh(user)
        flash(done, "success")
        return redirect(url_for("main.home"))
    return render_template("accounts/set_password.html", form=form, user=user, kind=kind)


@public
@limiter.limit("5 per minute; 30 per hour", methods=["POST"])
def forgot() -> str:
    """Ask for a password reset link; the answer is the same whether or not the address has an account."""
    form = ForgotForm()
    if form.validate_on_submit():
        operations.send_password_reset(form.email.data, _lang())
        db.session.commit()
        deliver_pending()
        return render_template("accounts/mail_sent.html", kind="reset", email=form.email.data.strip())
    return render_template("accounts/forgot.html", form=form)


@public
@limiter.limit("10 per minute", methods=["POST"])
def reset(token: str) -> str | Response | tuple[str, int]:
    """Set a new password through the mailed link: every other session ends, this browser is signed in."""
    return _set_password_by_link(token, "reset",
                                 _("Your new password is set. The account was signed out everywhere else."))


@public
def confirm_email(token: str) -> str | Response | tuple[str, int]:
    """Confirm a registered e-mail address through the mailed link; then the account can sign in."""
    try:
        operations.confirm_email(token)
    except operations.AccountError:
        _user, problem = _link_user(token, "confirm")
        return render_template("accounts/link_problem.html", problem=problem, kind="confirm"), 400
    db.session.commit()
    flash(_("Your e-mail address is confirmed. You can sign in now."), "success")
    return redirect(url_for("accounts.login"))


@public
@limiter.limit("3 per minute; 20 per hour", methods=["POST"])
def resend_confirmation() -> str | Response:
    """Mail the confirmation link again; the same answer whatever the address."""
    form = ResendForm()
    if not form.validate_on_submit():
        return redirect(url_for("accounts.login"))
    user = operations.find_user(form.email.data)
    if user is not None and user.is_active_account:
        operations.send_confirmation(user, _lang())
        db.session.commit()
        deliver_pending()
    return render_template("accounts/mail_sent.html", kind="confirm", email=form.email.data.strip())


@login_required
@limiter.limit("10 per minute", methods=["POST"])
def password() -> str | Response:
    """Change one's password; every other session of the account ends, this one goes on."""
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            operations.change_password(user, form.current.data, form.password.data)
        except operations.AccountError:
            form.current.errors = [_("The current password is wrong.")]
        else:
            db.session.commit()
            _sign_in_fresh(user)
            flash(_("Your password was changed. The account was signed out everywhere else."), "success")
            return redirect(url_for("accounts.password"))
    return render_template("accounts/password.html", form=form)


@login_required
def tokens() -> str:
    """List the user's API tokens and create one, shown once."""
    form, new_token = TokenForm(), None
    if form.validate_on_submit():
        new_token = operations.issue_token(current_user, form.label.data or "")
        db.session.commit()
    return render_template("accounts/tokens.html", form=form, new_token=new_token,
                           tokens=operations.tokens_of(current_user))


@login_required
def revoke(token_id: int) -> str | Response:
    """Revoke one of the user's tokens, after a confirmation page."""
    row = operations.active_token_of(current_user, token_id) or abort(404)
    back = url_for("accounts.tokens")
    if not confirm.confirmed():
        return confirm.confirmation(
            _("Revoke the API token"),
            [(_("Token"), f"{row.prefix}…"), (_("Purpose"), row.label or "—"),
             (_("Last used"), official_datetime(row.last_used_at, legal_zone()) or "—")],
            [], back, button=_("Revoke the token"),
            note=_("Programs that use this token can no longer reach the API. A revoked token never works again; "
                   "create a new one if a program still needs access. The revocation is written to the log."))
    if not operations.revoke_token(current_user, token_id):
        abort(404)
    db.session.commit()
    flash(_("The token was revoked."), "success")
    return redirect(back)
