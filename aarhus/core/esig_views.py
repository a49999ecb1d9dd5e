"""What every page that takes an ЭЦП shares: the posted signature, the document served for signing, and the one
exception to the site's content policy — a signing page may talk to NCALayer on the signer's own computer."""

from __future__ import annotations

from flask import Response, make_response, request

from aarhus.core.esig import MAX_CMS_BYTES
from aarhus.core.web import CSP

# NCALayer (NCA RK) listens on the signer's machine only; static/esig.js talks to it from the signing pages.
NCALAYER = "wss://127.0.0.1:13579"
SIGNING_CSP = f"{CSP}; connect-src 'self' {NCALAYER}"


def posted_signature() -> bytes | None:
    """The detached CMS a signing form posted (an uploaded file, or NCALayer's base64); None if the form had none."""
    upload = request.files.get("cms_file")
    if upload is not None and upload.filename:
        return upload.stream.read(MAX_CMS_BYTES + 1)  # a larger file is refused as malformed when verified
    text = request.form.get("cms", "").strip()
    return text.encode() if text else None


def with_ncalayer(page: str) -> Response:
    """A signing page: its script may connect to NCALayer, nothing else changes in the policy."""
    response = make_response(page)
    response.headers["Content-Security-Policy"] = SIGNING_CSP
    return response


def document_response(pdf: bytes, filename: str) -> Response:
    """A document to sign, as a download that is never cached (its bytes are what the signature must cover)."""
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def signature_response(cms: bytes, filename: str) -> Response:
    """A kept detached signature (DER), for anyone to check against the signed document."""
    response = Response(cms, mimetype="application/pkcs7-signature")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
