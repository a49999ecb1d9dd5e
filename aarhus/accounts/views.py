"""Sign in, sign out, register, and manage personal API tokens."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from aarhus.accounts import operations
from aarhus.accounts.forms import LoginForm, PasswordForm, RegisterForm, TokenForm
from aarhus.core.extensions import db, limiter
from aarhus.core.guard import public
from aarhus.core.roles import Role


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
        operations.record_sign_in(form.email.data, user, request.remote_addr or "")
        db.session.commit()
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
                                          name=form.name.data.strip())
        except operations.AccountError:
            form.email.errors = [_("An account with this e-mail already exists.")]
        else:
            db.session.commit()
            session.clear()
            login_user(user)
            flash(_("Your account is ready."), "success")
            return redirect(url_for("main.home"))
    return render_template("accounts/register.html", form=form)


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
            session.clear()  # a fresh session, under the account's new session version
            login_user(user)
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
def revoke(token_id: int) -> Response:
    """Revoke one of the user's tokens."""
    if not operations.revoke_token(current_user, token_id):
        abort(404)
    db.session.commit()
    flash(_("The token was revoked."), "success")
    return redirect(url_for("accounts.tokens"))
