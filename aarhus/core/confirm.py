"""Check your answers: an irreversible act first shows what it will publish and to whom it goes, then acts.

The act's form is posted once to see the confirmation page, which carries the same values (and a signed list of
files already checked and stored) back with ``confirmed=1``; only that second post acts.
"""

from __future__ import annotations

from flask import Response, current_app, g, render_template, request
from itsdangerous import BadSignature, URLSafeSerializer

from aarhus.core.files import StoredFile

SKIP = {"csrf_token", "confirmed", "stored_files", "edit"}


def confirmed() -> bool:
    """Whether this post is the confirmed one."""
    return request.form.get("confirmed") == "1" and not editing()


def editing() -> bool:
    """Whether the sender chose "Change" on the confirmation page: show the form again with what they typed."""
    return request.form.get("edit") == "1"


def not_final() -> None:
    """This answer (a confirmation page, the form shown again) does not use up the form's submission key."""
    g.aarhus_not_final = True


def counted(response: Response) -> bool:
    """For a form's rate limit (``deduct_when``): whether this answer was one more act. A confirmation page, the form
    shown again to be changed, or returned with what to correct (422) is not: correcting a form must not use up the
    limit on what it files (a looser limit of its own bounds the posts)."""
    return not g.get("aarhus_not_final") and response.status_code != 422


def confirmation(title: str, summary: list[tuple[str, str]], recipients: list[str], back: str,
                 files: list[StoredFile] | None = None, editable: bool = False, note: str = "",
                 template: str = "confirm.html", **context: object) -> str:
    """The page that shows the act before it is done; its button posts the same form again, confirmed.

    ``editable``: a "Change" button posts the values back to the form (``editing()``), so nothing typed is lost.
    ``template`` may extend ``confirm.html`` to offer more ways to do the act (``block more``), e.g. with an ЭЦП.
    """
    not_final()
    fields = [(name, value) for name in request.form if name not in SKIP for value in request.form.getlist(name)]
    return render_template(template, title=title, summary=summary, recipients=recipients, back=back,
                           fields=fields, action=request.path, files=files or [], editable=editable, note=note,
                           stored_files=_serializer().dumps([f.__dict__ for f in files]) if files else "", **context)


def stored_files() -> list[StoredFile]:
    """The files the confirmation page carried (checked and stored when it was shown); [] if none or tampered."""
    token = request.form.get("stored_files", "")
    if not token:
        return []
    try:
        return [StoredFile(**item) for item in _serializer().loads(token)]
    except (BadSignature, TypeError):
        return []


def staged_files() -> tuple[list[StoredFile], str]:
    """The files a post carried (from "Change" on the confirmation page) and their signed list, for the form shown
    again: it says they are still attached and posts them on, so nothing has to be chosen again."""
    files = stored_files()
    return files, request.form.get("stored_files", "") if files else ""


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="confirmed-uploads")
